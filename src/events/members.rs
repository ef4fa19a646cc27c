//! The members of a JSON object that serde_json has already validated (the text of a
//! `RawValue`), read without parsing it a second time.
//!
//! Checking an event needs a few fields of its `data`, which was validated as part of the line
//! and is sent on byte for byte. Deserialising it again was a third of the check's time; this
//! walks the text once with `memchr`, trusting that it is valid JSON, and never panics on text
//! that is not (it then stops early and says so: [`Members::stopped_early`]).

use std::borrow::Cow;

/// One member: the key (unescaped) and the raw text of its value.
pub type Member<'a> = (Cow<'a, str>, &'a str);

/// Iterates over the members of `text`, a valid JSON object without surrounding whitespace
/// (as `RawValue::get` returns it), in order. Yields nothing if `text` is not an object.
pub fn members(text: &str) -> Members<'_> {
    let object = text.starts_with('{');
    Members {
        text,
        pos: if object { 1 } else { text.len() },
        first: true,
        done: !object,
        broken: !object,
    }
}

pub struct Members<'a> {
    text: &'a str,
    pos: usize,
    first: bool,
    done: bool,
    broken: bool,
}

impl<'a> Members<'a> {
    fn byte(&self, i: usize) -> Option<u8> {
        self.text.as_bytes().get(i).copied()
    }

    fn skip_whitespace(&mut self) {
        while matches!(self.byte(self.pos), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    /// The index just after the string that starts (with its quote) at `start`.
    fn string_end(&self, start: usize) -> usize {
        let bytes = self.text.as_bytes();
        let mut i = start + 1;
        while let Some(found) = bytes
            .get(i..)
            .and_then(|rest| memchr::memchr2(b'"', b'\\', rest))
        {
            let at = i + found;
            if bytes[at] == b'\\' {
                i = at + 2; // the escaped character, whatever it is, cannot end the string
            } else {
                return at + 1;
            }
        }
        bytes.len()
    }

    /// The index just after the value that starts at `start`.
    fn value_end(&self, start: usize) -> usize {
        let bytes = self.text.as_bytes();
        match bytes.get(start) {
            Some(b'"') => self.string_end(start),
            Some(b'{' | b'[') => {
                let mut depth = 0usize;
                let mut i = start;
                while let Some(&b) = bytes.get(i) {
                    match b {
                        b'"' => {
                            i = self.string_end(i);
                            continue;
                        }
                        b'{' | b'[' => depth += 1,
                        b'}' | b']' => {
                            depth -= 1;
                            if depth == 0 {
                                return i + 1;
                            }
                        }
                        _ => {}
                    }
                    i += 1;
                }
                bytes.len()
            }
            // A number, true, false or null: up to the next delimiter.
            _ => bytes
                .get(start..)
                .and_then(|rest| {
                    rest.iter().position(|b| {
                        matches!(b, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r')
                    })
                })
                .map_or(bytes.len(), |n| start + n),
        }
    }
}

impl Members<'_> {
    /// Whether the walk stopped before the object's closing brace: the text was not a JSON
    /// object after all, or a key does not decode (serde_json's first pass does not check `\u`
    /// surrogate escapes). The members read so far are then not the whole object.
    pub fn stopped_early(&self) -> bool {
        self.broken
    }

    fn stop(&mut self, clean: bool) {
        self.broken |= !clean;
        self.pos = self.text.len();
        self.done = true;
    }
}

impl<'a> Iterator for Members<'a> {
    type Item = Member<'a>;

    fn next(&mut self) -> Option<Member<'a>> {
        if self.done {
            return None;
        }
        self.skip_whitespace();
        match (self.first, self.byte(self.pos)) {
            (_, Some(b'}')) => {
                self.stop(true);
                return None;
            }
            (true, _) => {}
            (false, Some(b',')) => {
                self.pos += 1;
                self.skip_whitespace();
            }
            (false, _) => {
                self.stop(false);
                return None;
            }
        }
        self.first = false;
        match self.member() {
            Some(member) => Some(member),
            None => {
                self.stop(false);
                None
            }
        }
    }
}

impl<'a> Members<'a> {
    /// The member at `pos`: `"key" : value`.
    fn member(&mut self) -> Option<Member<'a>> {
        if self.byte(self.pos) != Some(b'"') {
            return None;
        }
        let key_end = self.string_end(self.pos);
        let key = self.text.get(self.pos..key_end)?;
        self.pos = key_end;
        self.skip_whitespace();
        if self.byte(self.pos) != Some(b':') {
            return None;
        }
        self.pos += 1;
        self.skip_whitespace();
        let value_end = self.value_end(self.pos);
        let value = self.text.get(self.pos..value_end)?;
        self.pos = value_end;
        let key = match key.get(1..key.len().saturating_sub(1)) {
            Some(plain) if !plain.contains('\\') => Cow::Borrowed(plain),
            _ => Cow::Owned(serde_json::from_str::<String>(key).ok()?),
        };
        Some((key, value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::events::validate::Object;

    /// The scanner must read exactly what serde_json reads.
    fn same_as_serde(text: &str) {
        let object = Object::parse(text).unwrap();
        let expected: Vec<(String, String)> = object
            .iter()
            .map(|(k, v)| (k.to_string(), v.get().to_string()))
            .collect();
        let raw: &serde_json::value::RawValue = serde_json::from_str(text).unwrap();
        let got: Vec<(String, String)> = members(raw.get())
            .map(|(k, v)| (k.into_owned(), v.to_string()))
            .collect();
        assert_eq!(got, expected, "{text}");
    }

    #[test]
    fn reads_what_serde_json_reads() {
        for text in [
            r#"{}"#,
            r#"{ }"#,
            r#"{"id":"t-1"}"#,
            r#"{"id":"t-1","name":"Write docs","n":42,"ok":true,"no":null,"f":-1.5e3}"#,
            r#"{ "id" : "t-1" , "tags" : [ "a", "b]", {"x":"}"} ] , "z" : false }"#,
            "{\n\t\"id\":\r\n\"t\"\n}",
            r#"{"q":"a \"quoted\" \\ word","id":"x"}"#,
            r#"{"esc\"aped":"\\","k\u00e9y":"v","\\":"\\\\"}"#,
            r#"{"nested":{"a":{"b":[1,[2,[3]]]},"c":"]"},"after":"yes"}"#,
            r#"{"unicode":"żółw 🐢","id":"ü"}"#,
            r#"{"a":1,"a":2}"#,
            r#"{"n":0,"m":[],"o":{}}"#,
        ] {
            same_as_serde(text);
        }
    }

    #[test]
    fn anything_else_yields_nothing_and_never_panics() {
        for text in [
            "",
            "[1]",
            "\"s\"",
            "1",
            "{",
            "{\"a\"",
            "{\"a\":",
            "{\"a\":\"x",
            "{\"a\" 1}",
        ] {
            let _ = members(text).count();
        }
        assert_eq!(members("[{\"a\":1}]").count(), 0);
    }

    #[test]
    fn a_walk_that_ends_before_the_closing_brace_says_so() {
        for whole in ["{}", "{ }", r#"{"a":1}"#, r#"{ "a" : [1] , "b" : {} }"#] {
            let mut walk = members(whole);
            walk.by_ref().for_each(drop);
            assert!(!walk.stopped_early(), "{whole}");
        }
        // serde_json's RawValue pass accepts a lone surrogate escape; the key cannot be decoded.
        let text = r#"{"\udc00x":1,"id":"x"}"#;
        let raw: &serde_json::value::RawValue = serde_json::from_str(text).unwrap();
        let mut walk = members(raw.get());
        assert_eq!(walk.by_ref().count(), 0);
        assert!(walk.stopped_early());
        for broken in ["", "[1]", "{", r#"{"a":1"#, r#"{"a" 1}"#] {
            let mut walk = members(broken);
            walk.by_ref().for_each(drop);
            assert!(walk.stopped_early(), "{broken}");
        }
    }
}
