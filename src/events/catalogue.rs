//! The SPM event catalogue: the one source of truth for which event types exist, the topic each
//! belongs to and the `data` fields each requires. `publish`, `tail`, `events list` and
//! `events schema` all read it from here.

/// How a required `data` field is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// A JSON string that is not blank (ids, uids, names, statuses, reasons).
    Text,
    /// A JSON string in RFC 3339 (`2026-11-29T10:00:00Z`).
    Timestamp,
}

#[derive(Debug, PartialEq, Eq)]
pub struct Field {
    pub name: &'static str,
    pub kind: FieldKind,
}

#[derive(Debug, PartialEq, Eq)]
pub struct EventType {
    pub name: &'static str,
    pub topic: &'static str,
    pub description: &'static str,
    pub fields: &'static [Field],
}

impl EventType {
    pub fn field_names(&self) -> Vec<&'static str> {
        self.fields.iter().map(|f| f.name).collect()
    }
}

const fn text(name: &'static str) -> Field {
    Field {
        name,
        kind: FieldKind::Text,
    }
}

/// The most required fields any event type has (validation keeps them in a fixed array).
pub const MAX_FIELDS: usize = 8;

const fn fields_fit(types: &[EventType]) -> bool {
    let mut i = 0;
    while i < types.len() {
        if types[i].fields.len() > MAX_FIELDS {
            return false;
        }
        i += 1;
    }
    true
}

const _: () = assert!(
    fields_fit(CATALOGUE),
    "an event type requires more than MAX_FIELDS fields"
);

const ID: Field = text("id");
const DEADLINE: Field = Field {
    name: "deadline",
    kind: FieldKind::Timestamp,
};

const fn event(
    name: &'static str,
    topic: &'static str,
    description: &'static str,
    fields: &'static [Field],
) -> EventType {
    EventType {
        name,
        topic,
        description,
        fields,
    }
}

pub const TASK_EVENTS: &str = "task-events";
pub const PROJECT_EVENTS: &str = "project-events";
pub const SCHEDULE_EVENTS: &str = "schedule-events";
pub const USER_EVENTS: &str = "user-events";
pub const NOTIFICATION_EVENTS: &str = "notification-events";

/// Every SPM event type, grouped by topic. Every type requires `data.id`: it is the Kafka key,
/// so that all events of one entity stay in order on one partition.
pub static CATALOGUE: &[EventType] = &[
    event(
        "task_created",
        TASK_EVENTS,
        "New task created",
        &[ID, text("name"), text("created_by_uid"), text("pid")],
    ),
    event("task_updated", TASK_EVENTS, "Task details updated", &[ID]),
    event("task_deleted", TASK_EVENTS, "Task removed", &[ID]),
    event(
        "task_assigned",
        TASK_EVENTS,
        "Task assigned to a user",
        &[ID, text("assignee_uid")],
    ),
    event(
        "task_status_changed",
        TASK_EVENTS,
        "Task status updated",
        &[ID, text("status")],
    ),
    event(
        "project_created",
        PROJECT_EVENTS,
        "New project created",
        &[ID, text("name")],
    ),
    event(
        "project_updated",
        PROJECT_EVENTS,
        "Project details updated",
        &[ID],
    ),
    event("project_deleted", PROJECT_EVENTS, "Project removed", &[ID]),
    event(
        "project_collaborator_added",
        PROJECT_EVENTS,
        "User added to a project",
        &[ID, text("user_uid")],
    ),
    event(
        "project_collaborator_removed",
        PROJECT_EVENTS,
        "User removed from a project",
        &[ID, text("user_uid")],
    ),
    event(
        "schedule_created",
        SCHEDULE_EVENTS,
        "New schedule created",
        &[ID],
    ),
    event(
        "schedule_updated",
        SCHEDULE_EVENTS,
        "Schedule details updated",
        &[ID],
    ),
    event(
        "schedule_deleted",
        SCHEDULE_EVENTS,
        "Schedule removed",
        &[ID],
    ),
    event(
        "deadline_approaching",
        SCHEDULE_EVENTS,
        "Deadline within 3 days",
        &[ID, DEADLINE],
    ),
    event(
        "deadline_overdue",
        SCHEDULE_EVENTS,
        "Deadline has passed",
        &[ID, DEADLINE],
    ),
    event("user_created", USER_EVENTS, "New user created", &[ID]),
    event("user_updated", USER_EVENTS, "User details updated", &[ID]),
    event("user_deleted", USER_EVENTS, "User removed", &[ID]),
    event(
        "notification_sent",
        NOTIFICATION_EVENTS,
        "Notification sent to a user",
        &[ID, text("recipient_uid")],
    ),
    event(
        "notification_delivered",
        NOTIFICATION_EVENTS,
        "Notification delivered to a user",
        &[ID, text("recipient_uid")],
    ),
    event(
        "notification_failed",
        NOTIFICATION_EVENTS,
        "Notification could not be delivered",
        &[ID, text("recipient_uid"), text("reason")],
    ),
];

pub fn find(name: &str) -> Option<&'static EventType> {
    CATALOGUE.iter().find(|e| e.name == name)
}

/// The SPM topics, in catalogue order.
pub fn topics() -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for e in CATALOGUE {
        if !out.contains(&e.topic) {
            out.push(e.topic);
        }
    }
    out
}

pub fn is_spm_topic(topic: &str) -> bool {
    CATALOGUE.iter().any(|e| e.topic == topic)
}

use crate::names::closest;

/// `unknown event type 'task_create' (did you mean 'task_created'?; `spm-kafka events list` shows all)`
pub fn unknown_type(name: &str) -> String {
    match closest(name, CATALOGUE.iter().map(|e| e.name)) {
        Some(s) => format!("unknown event type '{name}' (did you mean '{s}'?)"),
        None => format!("unknown event type '{name}' (`spm-kafka events list` shows them all)"),
    }
}

/// Looks up an event type named on the command line; unknown → exit 2 with a suggestion.
pub fn require(name: &str) -> Result<&'static EventType, crate::exit::InputError> {
    find(name).ok_or_else(|| crate::exit::InputError::new(unknown_type(name)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_type_is_unique_lower_snake_and_requires_id_first() {
        for (i, e) in CATALOGUE.iter().enumerate() {
            assert!(
                e.name.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
                "{}",
                e.name
            );
            assert!(
                CATALOGUE[i + 1..].iter().all(|o| o.name != e.name),
                "{}",
                e.name
            );
            assert_eq!(e.fields[0].name, "id", "{}", e.name);
        }
        assert_eq!(CATALOGUE.len(), 21);
    }

    #[test]
    fn the_issue_table() {
        assert_eq!(
            find("task_created").unwrap().field_names(),
            ["id", "name", "created_by_uid", "pid"]
        );
        assert_eq!(
            find("task_assigned").unwrap().field_names(),
            ["id", "assignee_uid"]
        );
        assert_eq!(
            find("task_status_changed").unwrap().field_names(),
            ["id", "status"]
        );
        assert_eq!(
            find("project_collaborator_removed").unwrap().field_names(),
            ["id", "user_uid"]
        );
        let overdue = find("deadline_overdue").unwrap();
        assert_eq!(overdue.topic, "schedule-events");
        assert_eq!(overdue.fields[1].kind, FieldKind::Timestamp);
        assert_eq!(
            find("notification_failed").unwrap().field_names(),
            ["id", "recipient_uid", "reason"]
        );
        assert_eq!(find("user_deleted").unwrap().topic, "user-events");
        assert!(find("task_archived").is_none());
    }

    #[test]
    fn topics_in_order() {
        assert_eq!(
            topics(),
            [
                "task-events",
                "project-events",
                "schedule-events",
                "user-events",
                "notification-events"
            ]
        );
        assert!(is_spm_topic("user-events"));
        assert!(!is_spm_topic("audit-events"));
    }

    #[test]
    fn suggestions_for_typos_only() {
        assert_eq!(
            unknown_type("task_create"),
            "unknown event type 'task_create' (did you mean 'task_created'?)"
        );
        assert!(unknown_type("banana").contains("`spm-kafka events list`"));
        assert_eq!(
            closest("proejct_deleted", CATALOGUE.iter().map(|e| e.name)),
            Some("project_deleted")
        );
        assert!(require("nope").is_err());
        assert_eq!(require("user_created").unwrap().name, "user_created");
    }
}
