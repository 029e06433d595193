//! xAPI 1.0.3 statement rules (xAPI-Data, part two): what an LRS must
//! reject. Each problem names the property by its path in the statement.
//!
//! Written here rather than taken from a crate: no Rust crate checks xAPI
//! statements, and the preview must say *why* a statement is refused, at
//! the property, in the inspector.

use serde_json::{Map, Value};

/// The properties a statement may have.
const STATEMENT_KEYS: &[&str] = &[
    "id",
    "actor",
    "verb",
    "object",
    "result",
    "context",
    "timestamp",
    "stored",
    "authority",
    "version",
    "attachments",
];
/// The properties a sub-statement may have.
const SUB_STATEMENT_KEYS: &[&str] =
    &["objectType", "actor", "verb", "object", "result", "context", "timestamp", "attachments"];
const INTERACTION_TYPES: &[&str] = &[
    "true-false",
    "choice",
    "fill-in",
    "long-fill-in",
    "matching",
    "performance",
    "sequencing",
    "likert",
    "numeric",
    "other",
];

/// The problems of one statement as a list of `path: what is wrong`; empty
/// when the statement is valid.
pub fn check_statement(statement: &Value) -> Vec<String> {
    let mut c = Checker::default();
    c.statement(statement, "", false);
    c.problems
}

#[derive(Default)]
struct Checker {
    problems: Vec<String>,
}

fn at(path: &str, key: &str) -> String {
    if path.is_empty() { key.to_string() } else { format!("{path}.{key}") }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// True when `s` is a UUID in its standard string form (8-4-4-4-12 hex digits).
pub fn is_uuid(s: &str) -> bool {
    s.len() == 36 && uuid::Uuid::try_parse(s).is_ok() && s.as_bytes()[8] == b'-'
}

/// True when `s` is an absolute IRI (RFC 3987, with a scheme).
pub fn is_iri(s: &str) -> bool {
    fluent_uri::Iri::parse(s).is_ok()
}

/// True for an ISO 8601 date and time with a time zone or none, as xAPI
/// timestamps are written (`2024-05-01T10:00:00.123Z`, `...+01:00`).
pub fn is_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| b.get(r.clone()).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    if b.len() < 19
        || !digits(0..4)
        || b[4] != b'-'
        || !digits(5..7)
        || b[7] != b'-'
        || !digits(8..10)
        || !(b[10] == b'T' || b[10] == b't')
        || !digits(11..13)
        || b[13] != b':'
        || !digits(14..16)
        || b[16] != b':'
        || !digits(17..19)
    {
        return false;
    }
    let num = |r: std::ops::Range<usize>| s[r].parse::<u32>().unwrap_or(99);
    if !(1..=12).contains(&num(5..7))
        || !(1..=31).contains(&num(8..10))
        || num(11..13) > 23
        || num(14..16) > 59
        || num(17..19) > 60
    {
        return false;
    }
    let mut rest = &s[19..];
    if let Some(frac) = rest.strip_prefix('.') {
        let n = frac.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 {
            return false;
        }
        rest = &frac[n..];
    }
    match rest {
        "" | "Z" | "z" => true,
        zone => {
            let zb = zone.as_bytes();
            zb.len() == 6
                && (zb[0] == b'+' || zb[0] == b'-')
                && zb[1..3].iter().all(u8::is_ascii_digit)
                && zb[3] == b':'
                && zb[4..6].iter().all(u8::is_ascii_digit)
                && zone[1..3].parse::<u32>().unwrap_or(99) <= 23
                && zone[4..6].parse::<u32>().unwrap_or(99) <= 59
                // ISO 8601 has no "negative zero" offset; xAPI says so explicitly
                && zone != "-00:00"
        }
    }
}

/// True for an ISO 8601 duration as xAPI reads it (`PT1H2M3.45S`, `P1DT2H`, `P4W`).
pub fn is_duration(s: &str) -> bool {
    let Some(rest) = s.strip_prefix('P') else { return false };
    if rest.is_empty() {
        return false;
    }
    if let Some(weeks) = rest.strip_suffix('W') {
        return !weeks.is_empty() && weeks.bytes().all(|b| b.is_ascii_digit());
    }
    let (date, time) = match rest.split_once('T') {
        Some((d, t)) => (d, Some(t)),
        None => (rest, None),
    };
    let parts = |text: &str, units: &[u8], decimals_last: bool| -> Option<usize> {
        let mut count = 0;
        let mut i = 0;
        let b = text.as_bytes();
        let mut unit_at = 0;
        while i < b.len() {
            let start = i;
            while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'.') {
                i += 1;
            }
            if i == start || i >= b.len() {
                return None;
            }
            let number = &text[start..i];
            let unit = b[i];
            let pos = units[unit_at..].iter().position(|u| *u == unit)? + unit_at;
            let is_last_unit = pos == units.len() - 1;
            if number.contains('.') && !(decimals_last && is_last_unit) {
                return None;
            }
            if number.split('.').count() > 2 || number.starts_with('.') || number.ends_with('.') {
                return None;
            }
            unit_at = pos + 1;
            count += 1;
            i += 1;
        }
        Some(count)
    };
    let Some(date_parts) = parts(date, b"YMD", false) else { return false };
    match time {
        None => date_parts > 0,
        Some(t) => parts(t, b"HMS", true).is_some_and(|n| n > 0),
    }
}

impl Checker {
    fn problem(&mut self, path: &str, what: impl Into<String>) {
        self.problems.push(format!("{}: {}", if path.is_empty() { "statement" } else { path }, what.into()));
    }

    fn object<'a>(&mut self, v: &'a Value, path: &str) -> Option<&'a Map<String, Value>> {
        match v {
            Value::Object(map) => Some(map),
            other => {
                self.problem(path, format!("must be an object, not {}", kind(other)));
                None
            }
        }
    }

    fn keys(&mut self, map: &Map<String, Value>, allowed: &[&str], path: &str) {
        for (key, value) in map {
            if !allowed.contains(&key.as_str()) {
                self.problem(&at(path, key), "is not a property xAPI allows here");
            } else if value.is_null() {
                self.problem(&at(path, key), "must not be null (leave the property out instead)");
            }
        }
    }

    fn string<'a>(&mut self, map: &'a Map<String, Value>, key: &str, path: &str) -> Option<&'a str> {
        match map.get(key)? {
            Value::String(s) => Some(s),
            Value::Null => None,
            other => {
                self.problem(&at(path, key), format!("must be a string, not {}", kind(other)));
                None
            }
        }
    }

    fn iri(&mut self, map: &Map<String, Value>, key: &str, path: &str, required: bool) {
        match self.string(map, key, path) {
            Some(s) if !is_iri(s) => self.problem(&at(path, key), format!("`{s}` is not an absolute IRI")),
            None if required && !map.contains_key(key) => self.problem(&at(path, key), "is required"),
            _ => {}
        }
    }

    fn statement(&mut self, v: &Value, path: &str, sub: bool) {
        let Some(map) = self.object(v, path) else { return };
        if sub {
            self.keys(map, SUB_STATEMENT_KEYS, path);
        } else {
            self.keys(map, STATEMENT_KEYS, path);
        }
        for required in ["actor", "verb", "object"] {
            if !map.contains_key(required) {
                self.problem(&at(path, required), "is required");
            }
        }
        if let Some(id) = self.string(map, "id", path)
            && !is_uuid(id)
        {
            self.problem(&at(path, "id"), format!("`{id}` is not a UUID"));
        }
        if let Some(actor) = map.get("actor") {
            self.actor(actor, &at(path, "actor"));
        }
        if let Some(verb) = map.get("verb") {
            self.verb(verb, &at(path, "verb"));
        }
        let object_kind = map.get("object").map(|o| self.statement_object(o, &at(path, "object"), sub));
        if let Some(result) = map.get("result") {
            self.result(result, &at(path, "result"));
        }
        if let Some(context) = map.get("context") {
            self.context(context, &at(path, "context"), object_kind.flatten().as_deref());
        }
        for key in ["timestamp", "stored"] {
            if let Some(t) = self.string(map, key, path)
                && !is_timestamp(t)
            {
                self.problem(&at(path, key), format!("`{t}` is not an ISO 8601 timestamp"));
            }
        }
        if let Some(authority) = map.get("authority") {
            self.actor(authority, &at(path, "authority"));
        }
        if let Some(version) = self.string(map, "version", path) {
            let ok = version == "1.0"
                || version.strip_prefix("1.0.").is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
            if !ok {
                self.problem(&at(path, "version"), format!("`{version}` is not a 1.0.x version"));
            }
        }
        if let Some(attachments) = map.get("attachments") {
            self.attachments(attachments, &at(path, "attachments"));
        }
    }

    fn actor(&mut self, v: &Value, path: &str) {
        let Some(map) = self.object(v, path) else { return };
        match map.get("objectType").and_then(Value::as_str) {
            Some("Group") => self.group(map, path),
            Some("Agent") | None => self.agent(map, path),
            Some(other) => self.problem(&at(path, "objectType"), format!("`{other}` is not Agent or Group")),
        }
    }

    fn ifis(&mut self, map: &Map<String, Value>, path: &str) -> usize {
        let mut count = 0;
        if let Some(mbox) = self.string(map, "mbox", path) {
            count += 1;
            let ok = mbox.strip_prefix("mailto:").is_some_and(|a| {
                a.split_once('@').is_some_and(|(user, host)| !user.is_empty() && !host.is_empty())
                    && !a.contains(char::is_whitespace)
            });
            if !ok {
                self.problem(&at(path, "mbox"), format!("`{mbox}` is not a mailto: IRI with an email address"));
            }
        }
        if let Some(sum) = self.string(map, "mbox_sha1sum", path) {
            count += 1;
            if sum.len() != 40 || !sum.bytes().all(|b| b.is_ascii_hexdigit()) {
                self.problem(&at(path, "mbox_sha1sum"), "is not 40 hexadecimal digits");
            }
        }
        if let Some(openid) = self.string(map, "openid", path) {
            count += 1;
            if !is_iri(openid) {
                self.problem(&at(path, "openid"), format!("`{openid}` is not a URI"));
            }
        }
        if let Some(account) = map.get("account") {
            count += 1;
            let path = at(path, "account");
            if let Some(acc) = self.object(account, &path) {
                self.keys(acc, &["homePage", "name"], &path);
                match self.string(acc, "homePage", &path) {
                    Some(home) if !is_iri(home) => {
                        self.problem(&at(&path, "homePage"), format!("`{home}` is not an IRL"))
                    }
                    None if !acc.contains_key("homePage") => self.problem(&at(&path, "homePage"), "is required"),
                    _ => {}
                }
                if self.string(acc, "name", &path).is_none() && !acc.contains_key("name") {
                    self.problem(&at(&path, "name"), "is required");
                }
            }
        }
        count
    }

    fn agent(&mut self, map: &Map<String, Value>, path: &str) {
        self.keys(map, &["objectType", "name", "mbox", "mbox_sha1sum", "openid", "account"], path);
        self.string(map, "name", path);
        let n = self.ifis(map, path);
        if n != 1 {
            self.problem(
                path,
                format!("an Agent needs exactly one identifier (mbox, mbox_sha1sum, openid or account); it has {n}"),
            );
        }
    }

    fn group(&mut self, map: &Map<String, Value>, path: &str) {
        self.keys(map, &["objectType", "name", "mbox", "mbox_sha1sum", "openid", "account", "member"], path);
        self.string(map, "name", path);
        let n = self.ifis(map, path);
        if n > 1 {
            self.problem(path, format!("a Group has at most one identifier; it has {n}"));
        }
        match map.get("member") {
            Some(Value::Array(members)) => {
                for (i, m) in members.iter().enumerate() {
                    let p = format!("{}[{i}]", at(path, "member"));
                    if let Some(mm) = self.object(m, &p) {
                        if mm.get("objectType").and_then(Value::as_str) == Some("Group") {
                            self.problem(&p, "a Group's members are Agents, not Groups");
                        } else {
                            self.agent(mm, &p);
                        }
                    }
                }
                if n == 0 && members.is_empty() {
                    self.problem(&at(path, "member"), "an anonymous Group needs at least one member");
                }
            }
            Some(other) if !other.is_null() => self.problem(&at(path, "member"), "must be an array of Agents"),
            _ if n == 0 => self.problem(&at(path, "member"), "an anonymous Group (no identifier) needs its members"),
            _ => {}
        }
    }

    fn language_map(&mut self, v: &Value, path: &str) {
        let Some(map) = self.object(v, path) else { return };
        for (tag, text) in map {
            if !coursepack_source_bcp47(tag) {
                self.problem(&format!("{path}[{tag}]"), format!("`{tag}` is not an RFC 5646 language tag"));
            }
            if !text.is_string() {
                self.problem(&format!("{path}[{tag}]"), format!("must be a string, not {}", kind(text)));
            }
        }
    }

    fn extensions(&mut self, v: &Value, path: &str) {
        let Some(map) = self.object(v, path) else { return };
        for key in map.keys() {
            if !is_iri(key) {
                self.problem(&format!("{path}[{key}]"), "extension keys must be absolute IRIs");
            }
        }
    }

    fn verb(&mut self, v: &Value, path: &str) {
        let Some(map) = self.object(v, path) else { return };
        self.keys(map, &["id", "display"], path);
        self.iri(map, "id", path, true);
        if let Some(display) = map.get("display") {
            self.language_map(display, &at(path, "display"));
        }
    }

    /// Check the statement's object; returns its objectType.
    fn statement_object(&mut self, v: &Value, path: &str, in_sub: bool) -> Option<String> {
        let map = self.object(v, path)?;
        let object_type = match map.get("objectType") {
            None => "Activity".to_string(),
            Some(Value::String(s)) => s.clone(),
            Some(other) => {
                self.problem(&at(path, "objectType"), format!("must be a string, not {}", kind(other)));
                return None;
            }
        };
        match object_type.as_str() {
            "Activity" => self.activity(map, path),
            "Agent" => self.agent(map, path),
            "Group" => self.group(map, path),
            "StatementRef" => self.statement_ref(map, path),
            "SubStatement" if in_sub => self.problem(path, "a SubStatement cannot hold another SubStatement"),
            "SubStatement" => self.statement(v, path, true),
            other => self.problem(&at(path, "objectType"), format!("`{other}` is not an object type xAPI knows")),
        }
        Some(object_type)
    }

    fn statement_ref(&mut self, map: &Map<String, Value>, path: &str) {
        self.keys(map, &["objectType", "id"], path);
        match self.string(map, "id", path) {
            Some(id) if !is_uuid(id) => self.problem(&at(path, "id"), format!("`{id}` is not a UUID")),
            None if !map.contains_key("id") => self.problem(&at(path, "id"), "is required"),
            _ => {}
        }
    }

    fn activity(&mut self, map: &Map<String, Value>, path: &str) {
        self.keys(map, &["objectType", "id", "definition"], path);
        self.iri(map, "id", path, true);
        let Some(definition) = map.get("definition") else { return };
        let path = at(path, "definition");
        let Some(def) = self.object(definition, &path) else { return };
        self.keys(
            def,
            &[
                "name",
                "description",
                "type",
                "moreInfo",
                "extensions",
                "interactionType",
                "correctResponsesPattern",
                "choices",
                "scale",
                "source",
                "target",
                "steps",
            ],
            &path,
        );
        for key in ["name", "description"] {
            if let Some(m) = def.get(key) {
                self.language_map(m, &at(&path, key));
            }
        }
        self.iri(def, "type", &path, false);
        self.iri(def, "moreInfo", &path, false);
        if let Some(ext) = def.get("extensions") {
            self.extensions(ext, &at(&path, "extensions"));
        }
        let interaction = self.string(def, "interactionType", &path).map(str::to_string);
        if let Some(t) = &interaction
            && !INTERACTION_TYPES.contains(&t.as_str())
        {
            self.problem(&at(&path, "interactionType"), format!("`{t}` is not an xAPI interaction type"));
        }
        if let Some(pattern) = def.get("correctResponsesPattern") {
            if interaction.is_none() {
                self.problem(&at(&path, "correctResponsesPattern"), "needs an interactionType");
            }
            match pattern {
                Value::Array(items) if items.iter().all(Value::is_string) => {}
                _ => self.problem(&at(&path, "correctResponsesPattern"), "must be an array of strings"),
            }
        }
        let allowed: &[&str] = match interaction.as_deref() {
            Some("choice" | "sequencing") => &["choices"],
            Some("likert") => &["scale"],
            Some("matching") => &["source", "target"],
            Some("performance") => &["steps"],
            _ => &[],
        };
        for key in ["choices", "scale", "source", "target", "steps"] {
            let Some(list) = def.get(key) else { continue };
            let p = at(&path, key);
            if !allowed.contains(&key) {
                self.problem(
                    &p,
                    format!("is not a component list of a {} interaction", interaction.as_deref().unwrap_or("non-")),
                );
            }
            let Value::Array(items) = list else {
                self.problem(&p, "must be an array");
                continue;
            };
            let mut seen = std::collections::BTreeSet::new();
            for (i, item) in items.iter().enumerate() {
                let ip = format!("{p}[{i}]");
                let Some(component) = self.object(item, &ip) else { continue };
                self.keys(component, &["id", "description"], &ip);
                match self.string(component, "id", &ip) {
                    Some(id) if id.is_empty() || id.contains(char::is_whitespace) => {
                        self.problem(&at(&ip, "id"), "must be a non-empty id without spaces")
                    }
                    Some(id) if !seen.insert(id.to_string()) => {
                        self.problem(&at(&ip, "id"), format!("`{id}` is used twice"));
                    }
                    Some(_) => {}
                    None if !component.contains_key("id") => self.problem(&at(&ip, "id"), "is required"),
                    None => {}
                }
                if let Some(d) = component.get("description") {
                    self.language_map(d, &at(&ip, "description"));
                }
            }
        }
    }

    fn result(&mut self, v: &Value, path: &str) {
        let Some(map) = self.object(v, path) else { return };
        self.keys(map, &["score", "success", "completion", "response", "duration", "extensions"], path);
        for key in ["success", "completion"] {
            if let Some(value) = map.get(key)
                && !value.is_boolean()
                && !value.is_null()
            {
                self.problem(&at(path, key), format!("must be true or false, not {}", kind(value)));
            }
        }
        self.string(map, "response", path);
        if let Some(d) = self.string(map, "duration", path)
            && !is_duration(d)
        {
            self.problem(&at(path, "duration"), format!("`{d}` is not an ISO 8601 duration"));
        }
        if let Some(ext) = map.get("extensions") {
            self.extensions(ext, &at(path, "extensions"));
        }
        let Some(score) = map.get("score") else { return };
        let path = at(path, "score");
        let Some(s) = self.object(score, &path) else { return };
        self.keys(s, &["scaled", "raw", "min", "max"], &path);
        let mut num = |key: &str| -> Option<f64> {
            let value = s.get(key)?;
            match value.as_f64() {
                Some(n) => Some(n),
                None if value.is_null() => None,
                None => {
                    self.problem(&at(&path, key), format!("must be a number, not {}", kind(value)));
                    None
                }
            }
        };
        let (scaled, raw, min, max) = (num("scaled"), num("raw"), num("min"), num("max"));
        if let Some(scaled) = scaled
            && !(-1.0..=1.0).contains(&scaled)
        {
            self.problem(&at(&path, "scaled"), format!("{scaled} is outside -1..1"));
        }
        if let (Some(min), Some(max)) = (min, max)
            && min >= max
        {
            self.problem(&path, format!("min ({min}) must be less than max ({max})"));
        }
        if let (Some(raw), Some(min)) = (raw, min)
            && raw < min
        {
            self.problem(&at(&path, "raw"), format!("{raw} is below min ({min})"));
        }
        if let (Some(raw), Some(max)) = (raw, max)
            && raw > max
        {
            self.problem(&at(&path, "raw"), format!("{raw} is above max ({max})"));
        }
    }

    fn context(&mut self, v: &Value, path: &str, object_type: Option<&str>) {
        let Some(map) = self.object(v, path) else { return };
        self.keys(
            map,
            &[
                "registration",
                "instructor",
                "team",
                "contextActivities",
                "revision",
                "platform",
                "language",
                "statement",
                "extensions",
            ],
            path,
        );
        if let Some(r) = self.string(map, "registration", path)
            && !is_uuid(r)
        {
            self.problem(&at(path, "registration"), format!("`{r}` is not a UUID"));
        }
        if let Some(instructor) = map.get("instructor") {
            self.actor(instructor, &at(path, "instructor"));
        }
        if let Some(team) = map.get("team") {
            let p = at(path, "team");
            if let Some(t) = self.object(team, &p) {
                if t.get("objectType").and_then(Value::as_str) == Some("Group") {
                    self.group(t, &p);
                } else {
                    self.problem(&p, "must be a Group (objectType \"Group\")");
                }
            }
        }
        for key in ["revision", "platform"] {
            if self.string(map, key, path).is_some() && matches!(object_type, Some("Agent" | "Group")) {
                self.problem(&at(path, key), "is only allowed when the statement's object is an Activity");
            }
        }
        if let Some(language) = self.string(map, "language", path)
            && !coursepack_source_bcp47(language)
        {
            self.problem(&at(path, "language"), format!("`{language}` is not an RFC 5646 language tag"));
        }
        if let Some(statement) = map.get("statement") {
            let p = at(path, "statement");
            if let Some(s) = self.object(statement, &p) {
                if s.get("objectType").and_then(Value::as_str) == Some("StatementRef") {
                    self.statement_ref(s, &p);
                } else {
                    self.problem(&p, "must be a StatementRef");
                }
            }
        }
        if let Some(ext) = map.get("extensions") {
            self.extensions(ext, &at(path, "extensions"));
        }
        let Some(activities) = map.get("contextActivities") else { return };
        let p = at(path, "contextActivities");
        let Some(ca) = self.object(activities, &p) else { return };
        self.keys(ca, &["parent", "grouping", "category", "other"], &p);
        for (key, value) in ca {
            let kp = at(&p, key);
            let list: Vec<&Value> = match value {
                Value::Array(items) => items.iter().collect(),
                Value::Object(_) => vec![value],
                Value::Null => continue,
                other => {
                    self.problem(&kp, format!("must be an Activity or an array of them, not {}", kind(other)));
                    continue;
                }
            };
            for (i, item) in list.into_iter().enumerate() {
                let ip = format!("{kp}[{i}]");
                if let Some(a) = self.object(item, &ip) {
                    match a.get("objectType").and_then(Value::as_str) {
                        None | Some("Activity") => self.activity(a, &ip),
                        Some(other) => self.problem(&at(&ip, "objectType"), format!("`{other}` is not Activity")),
                    }
                }
            }
        }
    }

    fn attachments(&mut self, v: &Value, path: &str) {
        let Value::Array(items) = v else {
            self.problem(path, "must be an array");
            return;
        };
        for (i, item) in items.iter().enumerate() {
            let p = format!("{path}[{i}]");
            let Some(a) = self.object(item, &p) else { continue };
            self.keys(a, &["usageType", "display", "description", "contentType", "length", "sha2", "fileUrl"], &p);
            self.iri(a, "usageType", &p, true);
            match a.get("display") {
                Some(d) => self.language_map(d, &at(&p, "display")),
                None => self.problem(&at(&p, "display"), "is required"),
            }
            if let Some(d) = a.get("description") {
                self.language_map(d, &at(&p, "description"));
            }
            if self.string(a, "contentType", &p).is_none() {
                self.problem(&at(&p, "contentType"), "is required");
            }
            if a.get("length").is_none_or(|l| l.as_u64().is_none()) {
                self.problem(&at(&p, "length"), "must be a whole number of bytes");
            }
            if self.string(a, "sha2", &p).is_none() {
                self.problem(&at(&p, "sha2"), "is required");
            }
            self.iri(a, "fileUrl", &p, false);
        }
    }
}

/// RFC 5646 language tags, as the rest of coursepack reads them.
fn coursepack_source_bcp47(tag: &str) -> bool {
    coursepack_source::is_valid_bcp47(tag)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn ok() -> Value {
        json!({
            "id": "6690e6c9-3ef0-4ed3-8b37-7f3964730bee",
            "actor": { "objectType": "Agent", "name": "L", "account": { "homePage": "http://127.0.0.1:1/", "name": "l" } },
            "verb": { "id": "http://adlnet.gov/expapi/verbs/answered", "display": { "en-GB": "answered" } },
            "object": { "id": "urn:coursepack:m/q1", "definition": { "type": "http://adlnet.gov/expapi/activities/cmi.interaction",
                "interactionType": "choice", "correctResponsesPattern": ["a"], "choices": [{ "id": "a", "description": { "en": "A" } }] } },
            "result": { "success": true, "response": "a", "duration": "PT1.5S", "score": { "raw": 1, "min": 0, "max": 1, "scaled": 1 } },
            "context": { "registration": "6690e6c9-3ef0-4ed3-8b37-7f3964730bef", "language": "cy",
                "contextActivities": { "parent": [{ "id": "urn:coursepack:m" }] } },
            "timestamp": "2026-01-02T03:04:05.678Z"
        })
    }

    #[test]
    fn a_good_statement_passes() {
        assert_eq!(check_statement(&ok()), Vec::<String>::new());
    }

    #[test]
    fn each_broken_property_is_named() {
        type Break = Box<dyn Fn(&mut Value)>;
        let cases: Vec<(&str, Break)> = vec![
            ("actor", Box::new(|s| s["actor"] = json!({ "name": "no ifi" }))),
            ("actor.mbox", Box::new(|s| s["actor"] = json!({ "mbox": "someone@example.org" }))),
            ("verb.id", Box::new(|s| s["verb"]["id"] = json!("answered"))),
            ("object.id", Box::new(|s| s["object"]["id"] = json!("q1"))),
            ("result.score.scaled", Box::new(|s| s["result"]["score"]["scaled"] = json!(1.5))),
            ("result.score.raw", Box::new(|s| s["result"]["score"]["raw"] = json!(3))),
            ("result.duration", Box::new(|s| s["result"]["duration"] = json!("1.5 seconds"))),
            ("result.success", Box::new(|s| s["result"]["success"] = json!("true"))),
            ("context.registration", Box::new(|s| s["context"]["registration"] = json!("abc"))),
            ("context.language", Box::new(|s| s["context"]["language"] = json!("english"))),
            ("timestamp", Box::new(|s| s["timestamp"] = json!("yesterday"))),
            ("colour", Box::new(|s| s["colour"] = json!("blue"))),
            ("id", Box::new(|s| s["id"] = json!("1"))),
            ("object.definition.scale", Box::new(|s| s["object"]["definition"]["scale"] = json!([{ "id": "x" }]))),
            ("verb.display[english]", Box::new(|s| s["verb"]["display"] = json!({ "english": "x" }))),
        ];
        for (path, break_it) in cases {
            let mut s = ok();
            break_it(&mut s);
            let problems = check_statement(&s);
            assert!(problems.iter().any(|p| p.starts_with(path)), "{path}: {problems:?}");
        }
    }

    #[test]
    fn durations_and_timestamps() {
        for good in ["PT1H2M3.45S", "P1D", "P4W", "PT0S", "P1Y2M3DT4H5M6S", "PT0.5S"] {
            assert!(is_duration(good), "{good}");
        }
        for bad in ["P", "PT", "1H", "PT1.5M3S", "P1S", "PT-1S", "PT1H2H"] {
            assert!(!is_duration(bad), "{bad}");
        }
        for good in ["2026-01-02T03:04:05Z", "2026-01-02T03:04:05.678+01:00", "2026-01-02T03:04:05"] {
            assert!(is_timestamp(good), "{good}");
        }
        for bad in ["2026-01-02", "2026-13-02T03:04:05Z", "2026-01-02T03:04:05-00:00", "2026-01-02 03:04:05Z"] {
            assert!(!is_timestamp(bad), "{bad}");
        }
    }
}
