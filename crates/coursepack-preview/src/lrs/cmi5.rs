//! The cmi5 rules (cmi5 Quartz, sections 9 and 10) an LMS applies to the
//! statements of an AU's session, on top of xAPI's: who, which session and
//! registration, the order (initialized first, terminated last), the defined
//! verbs with their category, result and duration, the mastery score, and
//! what Browse and Review allow. Each rule broken is one problem, naming the
//! section.

use serde_json::Value;
use std::collections::BTreeSet;

/// The cmi5 context category of the defined statements.
pub const CATEGORY_CMI5: &str = "https://w3id.org/xapi/cmi5/context/categories/cmi5";
/// The category of completed/passed/failed that satisfy moveOn.
pub const CATEGORY_MOVEON: &str = "https://w3id.org/xapi/cmi5/context/categories/moveon";
/// The session id context extension.
pub const EXT_SESSION: &str = "https://w3id.org/xapi/cmi5/context/extensions/sessionid";
/// The mastery score context extension.
pub const EXT_MASTERY: &str = "https://w3id.org/xapi/cmi5/context/extensions/masteryscore";
/// The progress result extension of `progressed`.
pub const EXT_PROGRESS: &str = "https://w3id.org/xapi/cmi5/result/extensions/progress";

const VERB_INITIALIZED: &str = "http://adlnet.gov/expapi/verbs/initialized";
const VERB_COMPLETED: &str = "http://adlnet.gov/expapi/verbs/completed";
const VERB_PASSED: &str = "http://adlnet.gov/expapi/verbs/passed";
const VERB_FAILED: &str = "http://adlnet.gov/expapi/verbs/failed";
const VERB_TERMINATED: &str = "http://adlnet.gov/expapi/verbs/terminated";
/// Verbs only an LMS may send.
const LMS_VERBS: &[&str] = &[
    "http://adlnet.gov/expapi/verbs/launched",
    "https://w3id.org/xapi/adl/verbs/abandoned",
    "https://w3id.org/xapi/adl/verbs/waived",
    "https://w3id.org/xapi/adl/verbs/satisfied",
];
const DEFINED: &[&str] = &[VERB_INITIALIZED, VERB_COMPLETED, VERB_PASSED, VERB_FAILED, VERB_TERMINATED];

/// One cmi5 launch (session) of an AU, as the LMS set it up.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Session {
    /// The session id (the `sessionid` context extension).
    pub id: String,
    /// The launch's auth token (its requests carry `Basic <token>`).
    #[serde(skip)]
    pub token: String,
    /// The one-time fetch id.
    #[serde(skip)]
    pub fetch: String,
    /// True once the fetch URL has been used.
    pub fetched: bool,
    /// The registration.
    pub registration: String,
    /// The launch `activityId` (the LMS's id for the AU).
    pub activity_id: String,
    /// The AU's id in cmi5.xml (the publisher id, in the context template's grouping).
    pub publisher_id: String,
    /// The launch actor.
    pub actor: Value,
    /// `Normal`, `Browse` or `Review`.
    pub launch_mode: String,
    /// The AU's moveOn.
    pub move_on: String,
    /// The mastery score the LMS gave, if any.
    pub mastery_score: Option<f64>,
    /// Where the AU goes when it ends.
    pub return_url: String,
    /// Defined verbs sent in this session.
    pub sent: BTreeSet<String>,
    /// True once `terminated` was accepted.
    pub terminated: bool,
}

/// What a registration has recorded across its sessions (per AU).
#[derive(Clone, Debug, Default)]
pub struct RegistrationRecord {
    /// `completed` accepted.
    pub completed: bool,
    /// `passed` accepted.
    pub passed: bool,
}

fn verb_id(s: &Value) -> &str {
    s.pointer("/verb/id").and_then(Value::as_str).unwrap_or("")
}

fn has_category(s: &Value, id: &str) -> bool {
    match s.pointer("/context/contextActivities/category") {
        Some(Value::Array(list)) => list.iter().any(|a| a.get("id").and_then(Value::as_str) == Some(id)),
        Some(one @ Value::Object(_)) => one.get("id").and_then(Value::as_str) == Some(id),
        _ => false,
    }
}

fn has_grouping(s: &Value, id: &str) -> bool {
    match s.pointer("/context/contextActivities/grouping") {
        Some(Value::Array(list)) => list.iter().any(|a| a.get("id").and_then(Value::as_str) == Some(id)),
        Some(one @ Value::Object(_)) => one.get("id").and_then(Value::as_str) == Some(id),
        _ => false,
    }
}

/// The same agent: the same single identifier.
pub fn same_agent(a: &Value, b: &Value) -> bool {
    let key = |v: &Value| -> Option<String> {
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
    };
    key(a).is_some() && key(a) == key(b)
}

/// Check one statement of `session` against the cmi5 rules, given what the
/// session and registration have recorded so far. Returns the problems
/// (empty when the statement may be accepted); [`record`] then updates the
/// session once it is stored.
pub fn check(s: &Value, session: &Session, registration: &RegistrationRecord) -> Vec<String> {
    let mut p = Vec::new();
    let verb = verb_id(s);
    if session.terminated {
        p.push("cmi5 9.3.8: the session has ended (terminated was sent); an LMS rejects statements after it".into());
    }
    if s.get("id").is_none() {
        p.push("cmi5 9.1: every statement needs an id (a UUID the AU makes)".into());
    }
    match s.get("timestamp").and_then(Value::as_str) {
        None => p.push("cmi5 9.7: every statement needs a timestamp".into()),
        Some(t) if !(t.ends_with('Z') || t.ends_with('z') || t.ends_with("+00:00")) => {
            p.push(format!("cmi5 9.7: the timestamp `{t}` is not in UTC (Z or +00:00)"));
        }
        _ => {}
    }
    if !s.get("actor").is_some_and(|a| same_agent(a, &session.actor)) {
        p.push("cmi5 9.2: the actor must be the launch's actor".into());
    }
    if s.pointer("/context/registration").and_then(Value::as_str) != Some(session.registration.as_str()) {
        p.push("cmi5 9.6.1: context.registration must be the launch's registration".into());
    }
    match s.pointer("/context/extensions").and_then(|e| e.get(EXT_SESSION)).and_then(Value::as_str) {
        Some(id) if id == session.id => {}
        Some(id) => p.push(format!("cmi5 9.6.3.1: the sessionid extension `{id}` is not this session's")),
        None => p.push("cmi5 9.6.3.1: context.extensions lacks the sessionid of the context template".into()),
    }
    if !has_grouping(s, &session.publisher_id) {
        p.push("cmi5 9.6.2.2: contextActivities.grouping lacks the AU's publisher id from the context template".into());
    }
    if LMS_VERBS.contains(&verb) {
        p.push(format!("cmi5 9.3: `{verb}` is a verb only the LMS sends"));
        return p;
    }
    let first = session.sent.is_empty();
    if verb != VERB_INITIALIZED && first && !session.terminated {
        p.push("cmi5 9.3.2: the first statement of a session must be initialized".into());
    }
    if !DEFINED.contains(&verb) {
        if has_category(s, CATEGORY_CMI5) {
            p.push("cmi5 9.6.2.3: only the cmi5 defined verbs carry the cmi5 category".into());
        }
        if let Some(progress) = s.pointer("/result/extensions").and_then(|e| e.get(EXT_PROGRESS)) {
            let ok = progress.as_u64().is_some_and(|n| n <= 100);
            if !ok {
                p.push("cmi5 9.5.4.4: the progress extension must be a whole number from 0 to 100".into());
            }
        }
        return p;
    }
    if !has_category(s, CATEGORY_CMI5) {
        p.push("cmi5 9.6.2.1: a cmi5 defined statement needs the cmi5 category in contextActivities.category".into());
    }
    if s.pointer("/object/id").and_then(Value::as_str) != Some(session.activity_id.as_str()) {
        p.push("cmi5 9.4: the object of a defined statement is the launch's activityId".into());
    }
    if session.sent.contains(verb) {
        p.push(format!("cmi5 9.3: `{}` was already sent in this session", short(verb)));
    }
    let has_duration = s.pointer("/result/duration").is_some();
    let moveon = has_category(s, CATEGORY_MOVEON);
    let score = s.pointer("/result/score");
    let success = s.pointer("/result/success").and_then(Value::as_bool);
    let browse = session.launch_mode != "Normal";
    match verb {
        VERB_INITIALIZED => {
            if !first {
                p.push("cmi5 9.3.2: initialized must be the first statement of the session".into());
            }
        }
        VERB_TERMINATED => {
            if !has_duration {
                p.push("cmi5 9.5.4.1: terminated needs result.duration (the session's length)".into());
            }
        }
        _ => {
            if browse {
                p.push(format!(
                    "cmi5 10.2.2: in {} mode an AU sends only initialized and terminated",
                    session.launch_mode
                ));
            }
            if !has_duration {
                p.push(format!("cmi5 9.5.4.1: {} needs result.duration", short(verb)));
            }
            if !moveon {
                p.push(format!("cmi5 9.6.2.2: {} needs the moveon category", short(verb)));
            }
        }
    }
    match verb {
        VERB_COMPLETED => {
            if s.pointer("/result/completion").and_then(Value::as_bool) != Some(true) {
                p.push("cmi5 9.5.3: completed needs result.completion true".into());
            }
            if score.is_some() {
                p.push("cmi5 9.5.1: completed must not carry a score".into());
            }
            if registration.completed {
                p.push("cmi5 9.3.3: completed was already recorded for this registration".into());
            }
        }
        VERB_PASSED | VERB_FAILED => {
            let passed = verb == VERB_PASSED;
            if success != Some(passed) {
                p.push(format!("cmi5 9.5.2: {} needs result.success {passed}", short(verb)));
            }
            if session.sent.contains(VERB_PASSED) || session.sent.contains(VERB_FAILED) {
                p.push("cmi5 9.3.4: a session has at most one passed or failed".into());
            }
            if passed && registration.passed {
                p.push("cmi5 9.3.5: passed was already recorded for this registration".into());
            }
            if !passed && registration.passed {
                p.push("cmi5 9.3.6: failed after passed in the same registration".into());
            }
            if let Some(mastery) = session.mastery_score {
                let scaled = score.and_then(|sc| sc.get("scaled")).and_then(Value::as_f64);
                match scaled {
                    Some(v) if passed && v < mastery => {
                        p.push(format!("cmi5 9.5.1.2: passed with score.scaled {v} below the mastery score {mastery}"));
                    }
                    Some(v) if !passed && v >= mastery => {
                        p.push(format!(
                            "cmi5 9.5.1.3: failed with score.scaled {v} at or above the mastery score {mastery}"
                        ));
                    }
                    _ => {}
                }
                let ext = s.pointer("/context/extensions").and_then(|e| e.get(EXT_MASTERY)).and_then(Value::as_f64);
                if ext != Some(mastery) {
                    p.push(format!(
                        "cmi5 9.6.3.2: {} judged by the LMS's masteryScore needs the masteryscore extension ({mastery})",
                        short(verb)
                    ));
                }
            }
        }
        _ => {
            if score.is_some() {
                p.push(format!("cmi5 9.5.1: {} must not carry a score", short(verb)));
            }
        }
    }
    if let Some(score) = score {
        if let Some(raw) = score.get("raw") {
            if score.get("min").is_none() || score.get("max").is_none() {
                p.push("cmi5 9.5.1: a score with raw needs min and max".into());
            }
            if raw.as_f64().is_some_and(|r| r.fract() != 0.0) {
                p.push("cmi5 9.5.1: score.raw must be a whole number".into());
            }
        }
        if score.get("scaled").and_then(Value::as_f64).is_some_and(|v| !(0.0..=1.0).contains(&v)) {
            p.push("cmi5 9.5.1: score.scaled must be from 0 to 1".into());
        }
    }
    p
}

/// Update the session and registration once `s` has been stored.
pub fn record(s: &Value, session: &mut Session, registration: &mut RegistrationRecord) {
    let verb = verb_id(s).to_string();
    match verb.as_str() {
        VERB_COMPLETED => registration.completed = true,
        VERB_PASSED => registration.passed = true,
        VERB_TERMINATED => session.terminated = true,
        _ => {}
    }
    // Any statement counts as "something was sent" (for initialized-first);
    // defined verbs are remembered by id.
    if DEFINED.contains(&verb.as_str()) {
        session.sent.insert(verb);
    } else {
        session.sent.insert(format!("other:{verb}"));
    }
}

fn short(verb: &str) -> &str {
    verb.rsplit('/').next().unwrap_or(verb)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn session() -> Session {
        Session {
            id: "s-1".into(),
            token: "t".into(),
            fetch: "f".into(),
            fetched: true,
            registration: "6690e6c9-3ef0-4ed3-8b37-7f3964730bef".into(),
            activity_id: "https://lms.example/a/1".into(),
            publisher_id: "https://pub.example/au".into(),
            actor: json!({ "account": { "homePage": "http://h/", "name": "n" } }),
            launch_mode: "Normal".into(),
            move_on: "CompletedAndPassed".into(),
            mastery_score: Some(0.8),
            return_url: String::new(),
            sent: BTreeSet::new(),
            terminated: false,
        }
    }

    fn statement(verb: &str, result: &Value, categories: &[&str]) -> Value {
        json!({
            "id": "6690e6c9-3ef0-4ed3-8b37-7f3964730bee",
            "actor": { "objectType": "Agent", "account": { "homePage": "http://h/", "name": "n" } },
            "verb": { "id": format!("http://adlnet.gov/expapi/verbs/{verb}") },
            "object": { "id": "https://lms.example/a/1" },
            "result": result,
            "context": {
                "registration": "6690e6c9-3ef0-4ed3-8b37-7f3964730bef",
                "contextActivities": {
                    "grouping": [{ "id": "https://pub.example/au" }],
                    "category": categories.iter().map(|c| json!({ "id": c })).collect::<Vec<_>>()
                },
                "extensions": { EXT_SESSION: "s-1", EXT_MASTERY: 0.8 }
            },
            "timestamp": "2026-01-02T03:04:05.678Z"
        })
    }

    #[test]
    fn a_clean_session_passes_and_order_is_kept() {
        let mut s = session();
        let mut r = RegistrationRecord::default();
        let answered = statement("answered", &json!({}), &[]);
        assert!(check(&answered, &s, &r).iter().any(|p| p.contains("9.3.2")), "nothing before initialized");
        let init = statement("initialized", &json!({}), &[CATEGORY_CMI5]);
        assert_eq!(check(&init, &s, &r), Vec::<String>::new());
        record(&init, &mut s, &mut r);
        let passed = statement(
            "passed",
            &json!({ "success": true, "duration": "PT1M", "score": { "scaled": 0.9 } }),
            &[CATEGORY_CMI5, CATEGORY_MOVEON],
        );
        assert_eq!(check(&passed, &s, &r), Vec::<String>::new());
        record(&passed, &mut s, &mut r);
        let failed = statement(
            "failed",
            &json!({ "success": false, "duration": "PT1M", "score": { "scaled": 0.1 } }),
            &[CATEGORY_CMI5, CATEGORY_MOVEON],
        );
        let problems = check(&failed, &s, &r);
        assert!(
            problems.iter().any(|p| p.contains("9.3.4")) && problems.iter().any(|p| p.contains("9.3.6")),
            "{problems:?}"
        );
        let term = statement("terminated", &json!({ "duration": "PT2M" }), &[CATEGORY_CMI5]);
        assert_eq!(check(&term, &s, &r), Vec::<String>::new());
        record(&term, &mut s, &mut r);
        assert!(check(&answered, &s, &r).iter().any(|p| p.contains("9.3.8")));
    }

    #[test]
    fn defined_statements_need_their_parts() {
        let mut s = session();
        let mut r = RegistrationRecord::default();
        record(&statement("initialized", &json!({}), &[CATEGORY_CMI5]), &mut s, &mut r);
        let completed = statement("completed", &json!({ "score": { "scaled": 1 } }), &[]);
        let problems = check(&completed, &s, &r);
        for rule in ["9.5.4.1", "9.6.2.2", "9.5.3", "9.6.2.1", "9.5.1:"] {
            assert!(problems.iter().any(|p| p.contains(rule)), "{rule}: {problems:?}");
        }
        let low_pass = statement(
            "passed",
            &json!({ "success": true, "duration": "PT1M", "score": { "scaled": 0.5 } }),
            &[CATEGORY_CMI5, CATEGORY_MOVEON],
        );
        assert!(check(&low_pass, &s, &r).iter().any(|p| p.contains("9.5.1.2")));
        s.launch_mode = "Browse".into();
        let ok_pass = statement(
            "passed",
            &json!({ "success": true, "duration": "PT1M", "score": { "scaled": 0.9 } }),
            &[CATEGORY_CMI5, CATEGORY_MOVEON],
        );
        assert!(check(&ok_pass, &s, &r).iter().any(|p| p.contains("10.2.2")));
    }
}
