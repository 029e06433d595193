//! The preview's LRS: the xAPI 1.0.3 resources packages use (statements,
//! activity state, agent and activity profiles, about), with the alternate
//! request syntax, and the cmi5 launch sequence (a one-time fetch URL per
//! launch, `LMS.LaunchData`, learner preferences). Every statement is
//! checked against xAPI 1.0.3 ([`xapi`]) and, in a cmi5 session, the cmi5
//! rules ([`cmi5`]); a statement that breaks one is refused with 400 and the
//! reasons, as a strict LRS would, and the inspector shows them.

pub mod cmi5;
pub mod xapi;

use crate::http::{Reply, Request, parse_form};
use cmi5::{RegistrationRecord, Session};
use serde_json::{Value, json};
use sha2::Digest;
use std::collections::{BTreeMap, HashMap};
use std::time::{Duration, SystemTime};

/// The xAPI version this LRS speaks.
pub const XAPI_VERSION: &str = "1.0.3";
/// How long the "slow LRS" quirk makes every answer wait.
pub const SLOW_LRS: Duration = Duration::from_secs(3);
/// The most statements kept (the oldest go first beyond it).
const MAX_STATEMENTS: usize = 50_000;

/// How the LRS behaves (the inspector's switches).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LrsMode {
    /// Answers at once.
    #[default]
    Normal,
    /// Answers every request after [`SLOW_LRS`].
    Slow,
    /// Refuses every write (statements, state, profiles) with 503.
    Failing,
}

/// A stored document (state or profile).
#[derive(Clone, Debug)]
struct Document {
    content_type: String,
    body: Vec<u8>,
    updated: String,
}

impl Document {
    fn etag(&self) -> String {
        let digest = sha2::Sha256::digest(&self.body);
        format!("\"{}\"", digest.iter().take(16).map(|b| format!("{b:02x}")).collect::<String>())
    }
}

/// One request the LRS answered, for the inspector.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Logged {
    /// `POST`, `GET`...
    pub method: String,
    /// The resource (`statements`, `activities/state`...).
    pub resource: String,
    /// What the request was about (stateId, profileId, verbs...).
    pub summary: String,
    /// The status answered.
    pub status: u16,
    /// Every rule the request or its statements broke.
    pub problems: Vec<String>,
    /// The cmi5 session it belongs to, if any.
    pub session: Option<String>,
    /// The request body, when it is JSON and not huge (for the inspector's details).
    pub body: Option<Value>,
    /// True when the request came through the alternate request syntax.
    pub alternate: bool,
    /// The statements this request stored, as stored.
    #[serde(skip)]
    pub stored: Vec<Value>,
}

/// What the LRS holds and who may talk to it.
pub struct Lrs {
    /// The preview's own credential (`Basic ...`), given to TinCan launches.
    pub basic_auth: String,
    /// The authority written on stored statements.
    authority: Value,
    statements: Vec<Value>,
    ids: HashMap<String, usize>,
    voided: std::collections::HashSet<String>,
    state: BTreeMap<(String, String, String, String), Document>,
    agent_profiles: BTreeMap<(String, String), Document>,
    activity_profiles: BTreeMap<(String, String), Document>,
    /// cmi5 sessions by auth token.
    sessions: HashMap<String, Session>,
    registrations: HashMap<(String, String), RegistrationRecord>,
    /// The behaviour switch.
    pub mode: LrsMode,
}

/// A new cmi5 launch, as the preview's LMS sets it up.
pub struct Cmi5Launch {
    /// The AU's id in cmi5.xml.
    pub publisher_id: String,
    /// The launch actor.
    pub actor: Value,
    /// The registration.
    pub registration: String,
    /// The AU's moveOn.
    pub move_on: String,
    /// The mastery score (0-1), if any.
    pub mastery_score: Option<f64>,
    /// `Normal`, `Browse` or `Review`.
    pub launch_mode: String,
    /// The AU's launchParameters.
    pub launch_parameters: Option<String>,
    /// The AU's entitlementKey.
    pub entitlement_key: Option<String>,
    /// The preview's origin (`http://127.0.0.1:port`).
    pub origin: String,
}

/// What a cmi5 launch needs on its URL.
pub struct Cmi5Started {
    /// The session id.
    pub session: String,
    /// The fetch URL (absolute).
    pub fetch: String,
    /// The launch activityId.
    pub activity_id: String,
}

fn now() -> String {
    let now = SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).unwrap_or_default();
    format_timestamp(now.as_millis())
}

/// `YYYY-MM-DDThh:mm:ss.sssZ` for milliseconds since 1970.
pub fn format_timestamp(ms: u128) -> String {
    let secs = (ms / 1000) as i64;
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    // civil-from-days (Howard Hinnant's algorithm)
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{:03}Z", rem / 3600, (rem % 3600) / 60, rem % 60, ms % 1000)
}

/// The canonical key of an agent given as JSON text (its one identifier).
fn agent_key(text: &str) -> Option<String> {
    let v: Value = serde_json::from_str(text).ok()?;
    if !xapi::check_statement(&json!({
        "actor": v, "verb": { "id": "http://x/v" }, "object": { "id": "http://x/o" }
    }))
    .iter()
    .all(|p| !p.starts_with("actor"))
    {
        return None;
    }
    if let Some(m) = v.get("mbox").and_then(Value::as_str) {
        return Some(format!("mbox:{m}"));
    }
    if let Some(m) = v.get("mbox_sha1sum").and_then(Value::as_str) {
        return Some(format!("sha1:{m}"));
    }
    if let Some(m) = v.get("openid").and_then(Value::as_str) {
        return Some(format!("openid:{m}"));
    }
    let acc = v.get("account")?;
    Some(format!("account:{}|{}", acc.get("homePage")?.as_str()?, acc.get("name")?.as_str()?))
}

impl Lrs {
    /// A new, empty LRS whose own credential is `basic_auth` and whose
    /// authority is named after `origin`.
    pub fn new(basic_auth: String, origin: &str) -> Lrs {
        Lrs {
            basic_auth,
            authority: json!({ "objectType": "Agent", "name": "coursepack preview", "account": { "homePage": format!("{origin}/"), "name": "preview-lrs" } }),
            statements: Vec::new(),
            ids: HashMap::new(),
            voided: Default::default(),
            state: BTreeMap::new(),
            agent_profiles: BTreeMap::new(),
            activity_profiles: BTreeMap::new(),
            sessions: HashMap::new(),
            registrations: HashMap::new(),
            mode: LrsMode::Normal,
        }
    }

    /// Forget everything recorded (reset the learner); sessions end.
    pub fn reset(&mut self) {
        let (auth, authority, mode) = (self.basic_auth.clone(), self.authority.clone(), self.mode);
        *self = Lrs { basic_auth: auth, authority, mode, ..Lrs::new(String::new(), "") };
    }

    /// Every stored statement, oldest first.
    pub fn statements(&self) -> &[Value] {
        &self.statements
    }

    /// Every state document, for the inspector: (activity, agent, registration, stateId) → JSON or text.
    pub fn state_documents(&self) -> Vec<Value> {
        self.state
            .iter()
            .map(|((activity, agent, registration, id), doc)| {
                let content = serde_json::from_slice::<Value>(&doc.body)
                    .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&doc.body).into_owned()));
                json!({ "activityId": activity, "agent": agent, "registration": registration, "stateId": id,
                        "contentType": doc.content_type, "updated": doc.updated, "size": doc.body.len(), "content": content })
            })
            .collect()
    }

    /// The cmi5 sessions, for the inspector.
    pub fn sessions(&self) -> Vec<&Session> {
        self.sessions.values().collect()
    }

    /// True once the cmi5 session `id` has sent terminated (or it is unknown).
    pub fn session_ended(&self, id: &str) -> bool {
        self.sessions.values().find(|s| s.id == id).is_none_or(|s| s.terminated)
    }

    /// Set up a cmi5 launch: a session with its one-time fetch URL and
    /// auth token, and its `LMS.LaunchData` document.
    pub fn start_cmi5(&mut self, launch: &Cmi5Launch) -> Cmi5Started {
        let session = uuid::Uuid::new_v4().to_string();
        let token = uuid::Uuid::new_v4().simple().to_string();
        let fetch = uuid::Uuid::new_v4().simple().to_string();
        // The LMS's id for the AU: stable per AU, unlike the session.
        let activity_id = format!("{}/_preview/activity/{}", launch.origin, short_hash(&launch.publisher_id));
        let return_url = format!("{}/_preview/returned/{session}", launch.origin);
        let mut template = json!({
            "contextActivities": { "grouping": [{ "objectType": "Activity", "id": launch.publisher_id }] },
            "extensions": { cmi5::EXT_SESSION: session },
        });
        if let Some(m) = launch.mastery_score {
            template["extensions"][cmi5::EXT_MASTERY] = json!(m);
        }
        let mut data = json!({
            "contextTemplate": template,
            "launchMode": launch.launch_mode,
            "moveOn": launch.move_on,
            "returnURL": return_url,
        });
        if let Some(m) = launch.mastery_score {
            data["masteryScore"] = json!(m);
        }
        if let Some(p) = &launch.launch_parameters {
            data["launchParameters"] = json!(p);
        }
        if let Some(k) = &launch.entitlement_key {
            data["entitlementKey"] = json!({ "courseStructure": k });
        }
        let agent = agent_key(&launch.actor.to_string()).unwrap_or_default();
        self.state.insert(
            (activity_id.clone(), agent, launch.registration.clone(), "LMS.LaunchData".into()),
            Document { content_type: "application/json".into(), body: data.to_string().into_bytes(), updated: now() },
        );
        self.sessions.insert(
            token.clone(),
            Session {
                id: session.clone(),
                token,
                fetch: fetch.clone(),
                fetched: false,
                registration: launch.registration.clone(),
                activity_id: activity_id.clone(),
                publisher_id: launch.publisher_id.clone(),
                actor: launch.actor.clone(),
                launch_mode: launch.launch_mode.clone(),
                move_on: launch.move_on.clone(),
                mastery_score: launch.mastery_score,
                return_url,
                sent: Default::default(),
                terminated: false,
            },
        );
        Cmi5Started { session, fetch: format!("{}/_preview/cmi5/fetch/{fetch}", launch.origin), activity_id }
    }

    /// The cmi5 fetch URL `id` (POST only, once).
    pub fn fetch(&mut self, method: &str, id: &str) -> (Reply, Logged) {
        let mut log = Logged {
            method: method.into(),
            resource: "cmi5 fetch URL".into(),
            summary: String::new(),
            status: 200,
            problems: Vec::new(),
            session: None,
            body: None,
            alternate: false,
            stored: Vec::new(),
        };
        let Some(session) = self.sessions.values_mut().find(|s| s.fetch == id) else {
            log.status = 404;
            log.problems.push("no launch has this fetch URL".into());
            return (Reply::error(404, "no such fetch URL"), log);
        };
        log.session = Some(session.id.clone());
        if method != "POST" {
            log.status = 405;
            log.problems.push(format!("cmi5 8.2.2: the fetch URL takes POST only; the AU sent {method}"));
            return (Reply::error(405, "the fetch URL takes POST").with("Allow", "POST"), log);
        }
        if session.fetched {
            log.problems.push("cmi5 8.2.3: the fetch URL was used a second time (it works once)".into());
            log.summary = "refused: already used".into();
            return (
                Reply::json(200, &json!({ "error-code": "1", "error-text": "The fetch URL has already been used" })),
                log,
            );
        }
        session.fetched = true;
        log.summary = "auth token given".into();
        (Reply::json(200, &json!({ "auth-token": session.token })), log)
    }

    /// Answer a request to the LRS (`resource` is the path after `/lrs/`).
    pub fn handle(&mut self, resource: &str, request: &Request) -> (Reply, Logged) {
        let converted = match alternate(request) {
            Ok(converted) => converted,
            Err(e) => {
                let log = self.logged("POST", resource, "", 400, vec![e.clone()], None, true);
                return (Reply::error(400, e), log);
            }
        };
        let is_alternate = converted.is_some();
        let request = converted.unwrap_or_else(|| request.clone());
        let method = request.method.clone();
        let mut problems = Vec::new();
        let session_token = request
            .header("authorization")
            .and_then(|a| a.strip_prefix("Basic "))
            .map(str::to_string)
            .unwrap_or_default();
        let session = self.sessions.get(&session_token).map(|s| s.id.clone());
        if resource != "about" {
            if request.header("x-experience-api-version").is_none_or(|v| !v.starts_with("1.0")) {
                problems.push("xAPI Communication 3.3: every request needs X-Experience-API-Version: 1.0.3".into());
                let log = self.logged(&method, resource, "", 400, problems, session, is_alternate);
                return (Reply::error(400, "X-Experience-API-Version header missing or not 1.0.x"), log);
            }
            let authorised = request.header("authorization") == Some(self.basic_auth.as_str()) || session.is_some();
            if !authorised {
                problems
                    .push("the request's Authorization is not one this LMS gave (launch auth or cmi5 token)".into());
                let log = self.logged(&method, resource, "", 401, problems, session, is_alternate);
                return (Reply::error(401, "unauthorised"), log);
            }
        }
        let writes = !matches!(method.as_str(), "GET" | "HEAD");
        if self.mode == LrsMode::Failing && writes {
            let log = self.logged(
                &method,
                resource,
                "refused: the LRS is failing (inspector switch)",
                503,
                Vec::new(),
                session,
                is_alternate,
            );
            return (Reply::error(503, "the LRS is failing (preview quirk)"), log);
        }
        let (mut reply, mut log) = match resource {
            "about" => (
                Reply::json(200, &json!({ "version": [XAPI_VERSION] })),
                self.logged(&method, resource, "", 200, Vec::new(), None, false),
            ),
            "statements" => self.statements_route(&method, &request, &session_token),
            "activities/state" => self.state_route(&method, &request),
            "agents/profile" => self.profile_route(&method, &request, true),
            "activities/profile" => self.profile_route(&method, &request, false),
            _ => (
                Reply::error(404, "no such xAPI resource"),
                self.logged(&method, resource, "", 404, Vec::new(), None, false),
            ),
        };
        log.session = log.session.or(session);
        log.alternate = is_alternate;
        if self.mode == LrsMode::Slow {
            reply.delay = Some(SLOW_LRS);
            log.summary = format!("{} (answered after {} s: slow LRS)", log.summary, SLOW_LRS.as_secs());
        }
        reply.headers.push(("X-Experience-API-Version".into(), XAPI_VERSION.into()));
        (reply, log)
    }

    #[allow(clippy::too_many_arguments)]
    fn logged(
        &self,
        method: &str,
        resource: &str,
        summary: &str,
        status: u16,
        problems: Vec<String>,
        session: Option<String>,
        alternate: bool,
    ) -> Logged {
        Logged {
            method: method.into(),
            resource: resource.into(),
            summary: summary.into(),
            status,
            problems,
            session,
            body: None,
            alternate,
            stored: Vec::new(),
        }
    }

    fn statements_route(&mut self, method: &str, request: &Request, token: &str) -> (Reply, Logged) {
        match method {
            "POST" | "PUT" => self.store(method, request, token),
            "GET" => {
                let (reply, summary) = self.query(request);
                let log = self.logged(method, "statements", &summary, reply.status, Vec::new(), None, false);
                (reply, log)
            }
            other => {
                let log = self.logged(other, "statements", "", 405, Vec::new(), None, false);
                (Reply::error(405, "statements take GET, PUT and POST"), log)
            }
        }
    }

    fn store(&mut self, method: &str, request: &Request, token: &str) -> (Reply, Logged) {
        let parsed: Result<Value, _> = serde_json::from_slice(&request.body);
        let mut log = self.logged(method, "statements", "", 200, Vec::new(), None, false);
        let body = match parsed {
            Ok(v) => v,
            Err(e) => {
                log.status = 400;
                log.problems.push(format!("the body is not JSON: {e}"));
                return (Reply::error(400, format!("the body is not JSON: {e}")), log);
            }
        };
        if request.body.len() <= 256 * 1024 {
            log.body = Some(body.clone());
        }
        let mut list: Vec<Value> = match (&body, method) {
            (Value::Array(items), "POST") => items.clone(),
            (Value::Object(_), _) => vec![body.clone()],
            _ => {
                log.status = 400;
                log.problems.push("POST takes a statement or an array of them; PUT takes one statement".into());
                return (Reply::error(400, "expected a statement (or, for POST, an array of statements)"), log);
            }
        };
        if method == "PUT" {
            let Some(id) = request.param("statementId") else {
                log.status = 400;
                log.problems.push("PUT /statements needs the statementId parameter".into());
                return (Reply::error(400, "statementId is required"), log);
            };
            match list[0].get("id").and_then(Value::as_str) {
                Some(own) if own != id => {
                    log.status = 400;
                    log.problems.push(format!("the statement's id {own} is not the statementId {id}"));
                    return (Reply::error(400, "the statement's id differs from statementId"), log);
                }
                None => list[0]["id"] = json!(id),
                _ => {}
            }
        }
        let verbs: Vec<String> = list
            .iter()
            .map(|s| {
                s.pointer("/verb/id")
                    .and_then(Value::as_str)
                    .unwrap_or("?")
                    .rsplit('/')
                    .next()
                    .unwrap_or("?")
                    .to_string()
            })
            .collect();
        log.summary =
            format!("{} statement{}: {}", list.len(), if list.len() == 1 { "" } else { "s" }, verbs.join(", "));
        // Check all first: a batch is stored whole or not at all.
        let mut session = self.sessions.get(token).cloned();
        log.session = session.as_ref().map(|s| s.id.clone());
        let mut registration = session.as_ref().map(|s| {
            self.registrations.get(&(s.registration.clone(), s.publisher_id.clone())).cloned().unwrap_or_default()
        });
        let mut problems = Vec::new();
        let mut seen_ids = std::collections::HashSet::new();
        for (i, s) in list.iter().enumerate() {
            let label = if list.len() == 1 { String::new() } else { format!("statement {} ({}): ", i + 1, verbs[i]) };
            for p in xapi::check_statement(s) {
                problems.push(format!("{label}{p}"));
            }
            if let Some(id) = s.get("id").and_then(Value::as_str) {
                if !seen_ids.insert(id.to_string()) {
                    problems.push(format!("{label}the id {id} is used twice in this request"));
                }
                if let Some(existing) = self.ids.get(id) {
                    let mut same = self.statements[*existing].clone();
                    if let Some(m) = same.as_object_mut() {
                        for k in ["stored", "authority", "version"] {
                            m.remove(k);
                        }
                        // a timestamp the LRS filled in is not the sender's
                        if s.get("timestamp").is_none() {
                            m.remove("timestamp");
                        }
                    }
                    if &same != s {
                        problems.push(format!("{label}the id {id} is already stored with other content (409)"));
                    }
                }
            }
            if let (Some(sess), Some(reg)) = (session.as_mut(), registration.as_mut()) {
                if self.ids.contains_key(s.get("id").and_then(Value::as_str).unwrap_or("")) {
                    continue; // sent again: a no-op, not a new statement of the session
                }
                for p in cmi5::check(s, sess, reg) {
                    problems.push(format!("{label}{p}"));
                }
                cmi5::record(s, sess, reg);
            }
        }
        if !problems.is_empty() {
            let conflict = problems.iter().all(|p| p.ends_with("(409)"));
            log.status = if conflict { 409 } else { 400 };
            log.problems = problems.clone();
            return (Reply::json(log.status, &json!({ "error": "statement refused", "problems": problems })), log);
        }
        let mut ids = Vec::new();
        for mut s in list {
            let id = match s.get("id").and_then(Value::as_str) {
                Some(id) => id.to_string(),
                None => {
                    let id = uuid::Uuid::new_v4().to_string();
                    s["id"] = json!(id);
                    id
                }
            };
            ids.push(id.clone());
            if self.ids.contains_key(&id) {
                continue;
            }
            if s.pointer("/verb/id").and_then(Value::as_str) == Some("http://adlnet.gov/expapi/verbs/voided")
                && let Some(target) = s.pointer("/object/id").and_then(Value::as_str)
            {
                self.voided.insert(target.to_string());
            }
            s["stored"] = json!(now());
            s["authority"] = self.authority.clone();
            if s.get("timestamp").is_none() {
                s["timestamp"] = s["stored"].clone();
            }
            s["version"] = json!("1.0.0");
            self.ids.insert(id, self.statements.len());
            log.stored.push(s.clone());
            self.statements.push(s);
        }
        if self.statements.len() > MAX_STATEMENTS {
            let drop = self.statements.len() - MAX_STATEMENTS;
            self.statements.drain(..drop);
            self.ids = self
                .statements
                .iter()
                .enumerate()
                .filter_map(|(i, s)| Some((s.get("id")?.as_str()?.to_string(), i)))
                .collect();
        }
        if let (Some(sess), Some(reg)) = (session, registration) {
            self.registrations.insert((sess.registration.clone(), sess.publisher_id.clone()), reg);
            self.sessions.insert(sess.token.clone(), sess);
        }
        if method == "PUT" { (Reply::empty(204), log) } else { (Reply::json(200, &json!(ids)), log) }
    }

    fn query(&self, request: &Request) -> (Reply, String) {
        if let Some(id) = request.param("statementId").or(request.param("voidedStatementId")) {
            let voided_asked = request.param("voidedStatementId").is_some();
            return match self.ids.get(id) {
                Some(i) if self.voided.contains(id) == voided_asked => {
                    (Reply::json(200, &self.statements[*i]), format!("statement {id}"))
                }
                _ => (Reply::error(404, "no such statement"), format!("statement {id}: not found")),
            };
        }
        let agent = request.param("agent").and_then(agent_key);
        let limit =
            request.param("limit").and_then(|l| l.parse::<usize>().ok()).filter(|l| *l > 0).unwrap_or(usize::MAX);
        let ascending = request.param("ascending") == Some("true");
        let mut found: Vec<&Value> = self
            .statements
            .iter()
            .filter(|s| !self.voided.contains(s.get("id").and_then(Value::as_str).unwrap_or("")))
            .filter(|s| request.param("verb").is_none_or(|v| s.pointer("/verb/id").and_then(Value::as_str) == Some(v)))
            .filter(|s| {
                request.param("activity").is_none_or(|a| s.pointer("/object/id").and_then(Value::as_str) == Some(a))
            })
            .filter(|s| {
                request
                    .param("registration")
                    .is_none_or(|r| s.pointer("/context/registration").and_then(Value::as_str) == Some(r))
            })
            .filter(|s| {
                agent.as_ref().is_none_or(|key| {
                    s.get("actor").and_then(|a| agent_key(&a.to_string())).as_deref() == Some(key.as_str())
                })
            })
            .filter(|s| {
                request.param("since").is_none_or(|t| s.get("stored").and_then(Value::as_str).is_some_and(|st| st > t))
            })
            .filter(|s| {
                request.param("until").is_none_or(|t| s.get("stored").and_then(Value::as_str).is_some_and(|st| st <= t))
            })
            .collect();
        if !ascending {
            found.reverse();
        }
        found.truncate(limit);
        let n = found.len();
        (Reply::json(200, &json!({ "statements": found, "more": "" })), format!("query: {n} statements"))
    }

    fn state_route(&mut self, method: &str, request: &Request) -> (Reply, Logged) {
        let state_id = request.param("stateId").unwrap_or("").to_string();
        let mut log = self.logged(method, "activities/state", &state_id, 200, Vec::new(), None, false);
        let activity = request.param("activityId").unwrap_or("");
        let Some(agent) = request.param("agent").and_then(agent_key) else {
            log.status = 400;
            log.problems.push("the agent parameter is missing or not a valid Agent".into());
            return (Reply::error(400, "agent is required and must be an Agent"), log);
        };
        if !xapi::is_iri(activity) {
            log.status = 400;
            log.problems.push("the activityId parameter is missing or not an IRI".into());
            return (Reply::error(400, "activityId is required and must be an IRI"), log);
        }
        let registration = request.param("registration").unwrap_or("").to_string();
        if !registration.is_empty() && !xapi::is_uuid(&registration) {
            log.status = 400;
            log.problems.push(format!("registration `{registration}` is not a UUID"));
            return (Reply::error(400, "registration must be a UUID"), log);
        }
        let key = (activity.to_string(), agent.clone(), registration.clone(), state_id.clone());
        if state_id == "LMS.LaunchData" && method != "GET" {
            log.status = 403;
            log.problems.push("cmi5 10.2.1: the AU must never change LMS.LaunchData".into());
            return (Reply::error(403, "LMS.LaunchData is read-only"), log);
        }
        let (reply, summary) = match method {
            "GET" if state_id.is_empty() => {
                let ids: Vec<&String> = self
                    .state
                    .keys()
                    .filter(|(a, g, r, _)| *a == key.0 && *g == key.1 && *r == key.2)
                    .map(|(_, _, _, id)| id)
                    .collect();
                (Reply::json(200, &json!(ids)), format!("list: {} ids", ids.len()))
            }
            "GET" => match self.state.get(&key) {
                Some(doc) => (
                    Reply::new(200, &doc.content_type, doc.body.clone())
                        .with("ETag", doc.etag())
                        .with("Last-Modified", doc.updated.clone()),
                    format!("{state_id}: {} bytes", doc.body.len()),
                ),
                None => (Reply::error(404, "no such document"), format!("{state_id}: none yet")),
            },
            "PUT" | "POST" => {
                if state_id.is_empty() {
                    log.problems.push("a state write needs a stateId".into());
                    (Reply::error(400, "stateId is required"), "no stateId".into())
                } else {
                    let content_type = request.header("content-type").unwrap_or("application/octet-stream").to_string();
                    match merge_document(method, self.state.get(&key), &request.body, &content_type) {
                        Ok(doc) => {
                            let n = doc.body.len();
                            self.state.insert(key, doc);
                            (Reply::empty(204), format!("{state_id}: {n} bytes written"))
                        }
                        Err(e) => {
                            log.problems.push(e.clone());
                            (Reply::error(400, e), format!("{state_id}: refused"))
                        }
                    }
                }
            }
            "DELETE" => {
                if state_id.is_empty() {
                    self.state.retain(|(a, g, r, id), _| {
                        !(*a == key.0 && *g == key.1 && *r == key.2 && id != "LMS.LaunchData")
                    });
                } else {
                    self.state.remove(&key);
                }
                (Reply::empty(204), format!("{state_id} deleted"))
            }
            _ => (Reply::error(405, "the State API takes GET, PUT, POST and DELETE"), String::new()),
        };
        log.status = reply.status;
        log.summary = summary;
        (reply, log)
    }

    fn profile_route(&mut self, method: &str, request: &Request, agent_profile: bool) -> (Reply, Logged) {
        let resource = if agent_profile { "agents/profile" } else { "activities/profile" };
        let profile_id = request.param("profileId").unwrap_or("").to_string();
        let mut log = self.logged(method, resource, &profile_id, 200, Vec::new(), None, false);
        let owner = if agent_profile {
            request.param("agent").and_then(agent_key)
        } else {
            request.param("activityId").filter(|a| xapi::is_iri(a)).map(str::to_string)
        };
        let Some(owner) = owner else {
            log.status = 400;
            let what = if agent_profile { "agent (an Agent)" } else { "activityId (an IRI)" };
            log.problems.push(format!("the {what} parameter is missing or invalid"));
            return (Reply::error(400, format!("{what} is required")), log);
        };
        let key = (owner.clone(), profile_id.clone());
        let store = if agent_profile { &mut self.agent_profiles } else { &mut self.activity_profiles };
        let reply = match method {
            "GET" if profile_id.is_empty() => {
                let ids: Vec<&String> = store.keys().filter(|(o, _)| *o == owner).map(|(_, id)| id).collect();
                Reply::json(200, &json!(ids))
            }
            "GET" => match store.get(&key) {
                Some(doc) => Reply::new(200, &doc.content_type, doc.body.clone()).with("ETag", doc.etag()),
                None => Reply::error(404, "no such profile"),
            },
            "PUT" | "POST" => {
                let existing = store.get(&key);
                let if_match = request.header("if-match");
                let if_none = request.header("if-none-match");
                if let Some(tag) = if_match
                    && existing.is_none_or(|d| tag != "*" && d.etag() != tag)
                {
                    Reply::error(412, "If-Match does not match the current document")
                } else if if_none == Some("*") && existing.is_some() {
                    Reply::error(412, "the document exists (If-None-Match: *)")
                } else if method == "PUT" && existing.is_some() && if_match.is_none() && if_none.is_none() {
                    log.problems.push(
                        "xAPI Communication 2.2: a PUT over an existing profile needs If-Match or If-None-Match".into(),
                    );
                    Reply::error(409, "the profile exists: send If-Match")
                } else {
                    let content_type = request.header("content-type").unwrap_or("application/octet-stream").to_string();
                    match merge_document(method, existing, &request.body, &content_type) {
                        Ok(doc) => {
                            store.insert(key, doc);
                            Reply::empty(204)
                        }
                        Err(e) => {
                            log.problems.push(e.clone());
                            Reply::error(400, e)
                        }
                    }
                }
            }
            "DELETE" => {
                store.remove(&key);
                Reply::empty(204)
            }
            _ => Reply::error(405, "profiles take GET, PUT, POST and DELETE"),
        };
        log.status = reply.status;
        if reply.status == 404 {
            log.summary = format!("{profile_id}: none");
        }
        (reply, log)
    }
}

/// A document after a PUT (replaced) or POST (JSON objects merged; anything
/// else may not be POSTed over an existing document).
fn merge_document(
    method: &str,
    existing: Option<&Document>,
    body: &[u8],
    content_type: &str,
) -> Result<Document, String> {
    if method == "POST"
        && let Some(old) = existing
    {
        let (Ok(Value::Object(mut a)), Ok(Value::Object(b))) =
            (serde_json::from_slice::<Value>(&old.body), serde_json::from_slice::<Value>(body))
        else {
            return Err(
                "xAPI Communication 2.2: POST merges JSON objects only; this document or body is not one".into()
            );
        };
        a.extend(b);
        return Ok(Document {
            content_type: "application/json".into(),
            body: Value::Object(a).to_string().into_bytes(),
            updated: now(),
        });
    }
    if content_type.starts_with("application/json") && serde_json::from_slice::<Value>(body).is_err() {
        return Err("the body says application/json but is not JSON".into());
    }
    Ok(Document { content_type: content_type.into(), body: body.to_vec(), updated: now() })
}

/// The request an xAPI alternate-request-syntax POST (`?method=PUT`) stands
/// for: headers and parameters from the form body, the content as the body.
fn alternate(request: &Request) -> Result<Option<Request>, String> {
    let Some(method) = request.param("method") else { return Ok(None) };
    if request.method != "POST" {
        return Err("the alternate request syntax is a POST".into());
    }
    if request.query.len() > 1 {
        return Err("xAPI Communication 1.3: the alternate request syntax allows no other query parameters".into());
    }
    let form = parse_form(&String::from_utf8_lossy(&request.body));
    let mut headers = request.headers.clone();
    let mut query = Vec::new();
    let mut body = Vec::new();
    for (key, value) in form {
        let lower = key.to_ascii_lowercase();
        match lower.as_str() {
            "authorization"
            | "x-experience-api-version"
            | "content-type"
            | "content-length"
            | "if-match"
            | "if-none-match" => {
                headers.retain(|(k, _)| *k != lower);
                headers.push((lower, value));
            }
            "content" => body = value.into_bytes(),
            _ => query.push((key, value)),
        }
    }
    if !headers.iter().any(|(k, _)| k == "content-type") {
        headers.push(("content-type".into(), "application/json".into()));
    } else {
        // the form's own content type is not the content's
        let form_type =
            headers.iter().position(|(k, v)| k == "content-type" && v.starts_with("application/x-www-form"));
        if let Some(i) = form_type {
            headers[i].1 = "application/json".into();
        }
    }
    Ok(Some(Request { method: method.to_ascii_uppercase(), path: request.path.clone(), query, headers, body }))
}

fn short_hash(text: &str) -> String {
    let digest = sha2::Sha256::digest(text.as_bytes());
    digest.iter().take(8).map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(method: &str, query: &[(&str, &str)], auth: &str, body: &str) -> Request {
        Request {
            method: method.into(),
            path: String::new(),
            query: query.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
            headers: vec![
                ("authorization".into(), auth.into()),
                ("x-experience-api-version".into(), "1.0.3".into()),
                ("content-type".into(), "application/json".into()),
            ],
            body: body.as_bytes().to_vec(),
        }
    }

    #[test]
    fn timestamps_are_utc_iso() {
        assert_eq!(format_timestamp(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(format_timestamp(1_767_323_045_678), "2026-01-02T03:04:05.678Z");
    }

    #[test]
    fn statements_are_checked_stored_and_queried() {
        let mut lrs = Lrs::new("Basic abc".into(), "http://127.0.0.1:9");
        let good = r#"{"id":"6690e6c9-3ef0-4ed3-8b37-7f3964730bee","actor":{"mbox":"mailto:a@b.c"},"verb":{"id":"http://adlnet.gov/expapi/verbs/experienced"},"object":{"id":"http://x/p"}}"#;
        let (reply, log) = lrs.handle("statements", &req("POST", &[], "Basic abc", good));
        assert_eq!(reply.status, 200, "{:?}", log.problems);
        // the same statement again is a no-op; other content under the same id a conflict
        assert_eq!(lrs.handle("statements", &req("POST", &[], "Basic abc", good)).0.status, 200);
        let other = good.replace("experienced", "attempted");
        assert_eq!(lrs.handle("statements", &req("POST", &[], "Basic abc", &other)).0.status, 409);
        assert_eq!(lrs.statements().len(), 1);
        let bad = r#"{"actor":{"mbox":"a@b.c"},"verb":{"id":"x"},"object":{"id":"http://x/p"}}"#;
        let (reply, log) = lrs.handle("statements", &req("POST", &[], "Basic abc", bad));
        assert_eq!(reply.status, 400);
        assert!(
            log.problems.iter().any(|p| p.starts_with("actor.mbox"))
                && log.problems.iter().any(|p| p.starts_with("verb.id"))
        );
        assert_eq!(lrs.handle("statements", &req("POST", &[], "Basic nope", good)).0.status, 401);
        let (reply, _) = lrs.handle(
            "statements",
            &req("GET", &[("statementId", "6690e6c9-3ef0-4ed3-8b37-7f3964730bee")], "Basic abc", ""),
        );
        assert_eq!(reply.status, 200);
        let v: Value = serde_json::from_slice(&reply.body).unwrap();
        assert_eq!(v["version"], "1.0.0");
        assert!(v["stored"].is_string() && v["authority"].is_object());
    }

    #[test]
    fn alternate_syntax_and_state() {
        let mut lrs = Lrs::new("Basic abc".into(), "http://127.0.0.1:9");
        let agent = r#"{"mbox":"mailto:a@b.c"}"#;
        let form = format!(
            "Authorization={}&X-Experience-API-Version=1.0.3&Content-Type=application%2Fjson&activityId=http%3A%2F%2Fx%2Fa&agent={}&stateId=s&content=%7B%22a%22%3A1%7D",
            "Basic%20abc",
            percent_encoding::utf8_percent_encode(agent, percent_encoding::NON_ALPHANUMERIC)
        );
        let mut r = req("POST", &[("method", "PUT")], "", &form);
        r.headers = vec![("content-type".into(), "application/x-www-form-urlencoded".into())];
        let (reply, log) = lrs.handle("activities/state", &r);
        assert_eq!(reply.status, 204, "{:?}", log.problems);
        assert!(log.alternate);
        let (reply, _) = lrs.handle(
            "activities/state",
            &req("GET", &[("activityId", "http://x/a"), ("agent", agent), ("stateId", "s")], "Basic abc", ""),
        );
        assert_eq!(String::from_utf8_lossy(&reply.body), r#"{"a":1}"#);
    }

    #[test]
    fn cmi5_fetch_works_once_and_launch_data_is_read_only() {
        let mut lrs = Lrs::new("Basic abc".into(), "http://127.0.0.1:9");
        let actor = json!({ "objectType": "Agent", "account": { "homePage": "http://127.0.0.1:9/", "name": "l" } });
        let started = lrs.start_cmi5(&Cmi5Launch {
            publisher_id: "https://pub.example/au".into(),
            actor: actor.clone(),
            registration: "6690e6c9-3ef0-4ed3-8b37-7f3964730bef".into(),
            move_on: "Passed".into(),
            mastery_score: Some(0.8),
            launch_mode: "Normal".into(),
            launch_parameters: None,
            entitlement_key: None,
            origin: "http://127.0.0.1:9".into(),
        });
        let id = started.fetch.rsplit('/').next().unwrap().to_string();
        assert_eq!(lrs.fetch("GET", &id).0.status, 405);
        let (reply, _) = lrs.fetch("POST", &id);
        let token = serde_json::from_slice::<Value>(&reply.body).unwrap()["auth-token"].as_str().unwrap().to_string();
        let (again, log) = lrs.fetch("POST", &id);
        assert!(String::from_utf8_lossy(&again.body).contains("error-code") && !log.problems.is_empty());
        let query = [
            ("activityId", started.activity_id.as_str()),
            ("agent", &actor.to_string()),
            ("registration", "6690e6c9-3ef0-4ed3-8b37-7f3964730bef"),
            ("stateId", "LMS.LaunchData"),
        ];
        let auth = format!("Basic {token}");
        let (reply, _) = lrs.handle("activities/state", &req("GET", &query, &auth, ""));
        let data: Value = serde_json::from_slice(&reply.body).unwrap();
        assert_eq!(data["masteryScore"], 0.8);
        assert_eq!(data["contextTemplate"]["extensions"][cmi5::EXT_SESSION], started.session);
        assert_eq!(lrs.handle("activities/state", &req("PUT", &query, &auth, "{}")).0.status, 403);
    }
}
