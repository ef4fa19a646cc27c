//! The ACL part of `plan`, `setup` and `verify` for people.

use colored::Colorize;

use crate::access::{password_variable, AccessApplied, AclPlan, Binding, MatrixRow, Permission};
use crate::output::{Color, Output};

/// `the cluster enforces no access control; 12 declared ACLs not applied`.
pub fn no_authorizer(plan: &AclPlan) -> String {
    format!(
        "the cluster enforces no access control; {} declared ACLs not applied",
        plan.declared
    )
}

/// The plan's ACL lines: `+ BINDING` to add, `- BINDING  not declared`, missing credentials.
pub fn plan_lines(plan: &AclPlan) -> Vec<String> {
    let mut lines = Vec::new();
    for b in &plan.missing {
        lines.push(format!("  {} {b}", "+".green()));
    }
    for b in &plan.undeclared {
        lines.push(format!(
            "  {} {b}  not declared (setup --prune-acls deletes it)",
            "-".red()
        ));
    }
    for user in &plan.missing_credentials {
        lines.push(format!(
            "  {} User:{user} has no SCRAM-SHA-512 credential (setup sets it from {})",
            "!".yellow(),
            password_variable(user)
        ));
    }
    lines
}

pub fn summary(plan: &AclPlan) -> String {
    format!(
        "ACLs: {} to add, {} not declared, {} in sync.",
        plan.missing.len(),
        plan.undeclared.len(),
        plan.in_sync
    )
}

/// The ACL block of a plan for people: nothing without an authorizer but the one line
/// (on stderr), else the changes and a summary.
pub fn print_plan(out: &Output, plan: &AclPlan) -> std::io::Result<()> {
    if !plan.enforced {
        out.note(no_authorizer(plan));
        return Ok(());
    }
    out.line("")?;
    for line in plan_lines(plan) {
        out.line(line)?;
    }
    out.line(summary(plan))
}

/// Verify's drift lines of the ACL part.
pub fn drift_lines(plan: &AclPlan) -> Vec<String> {
    let mut lines = Vec::new();
    for b in &plan.missing {
        lines.push(format!("  ACL missing: {b}"));
    }
    for b in &plan.undeclared {
        lines.push(format!("  ACL not declared: {b}"));
    }
    for user in &plan.missing_credentials {
        lines.push(format!("  User:{user} has no SCRAM-SHA-512 credential"));
    }
    lines
}

/// What setup changed in access, one line each.
pub fn print_applied(out: &Output, applied: &[AccessApplied]) -> std::io::Result<()> {
    if applied.is_empty() {
        return Ok(());
    }
    out.line("")?;
    for x in applied {
        match &x.error {
            None => out.line(format!("  {} {} {}", "✓".green(), x.action, x.what))?,
            Some(e) => out.line(format!(
                "  {} failed to {} {}: {e}",
                "✗".red(),
                x.action,
                x.what
            ))?,
        }
    }
    Ok(())
}

/// `spm-kafka acls` for people: one binding per row.
pub fn print_acls(out: &Output, shown: &[&Binding], total: usize) -> std::io::Result<()> {
    let mut t = out.table(&[
        "PRINCIPAL",
        "PERMISSION",
        "OPERATION",
        "RESOURCE",
        "NAME",
        "HOST",
    ]);
    for b in shown {
        let permission = match b.permission {
            Permission::Allow => Output::painted("ALLOW", Color::Green, false),
            Permission::Deny => Output::painted("DENY", Color::Red, true),
        };
        t.add_row(vec![
            comfy_table::Cell::new(&b.principal),
            permission,
            comfy_table::Cell::new(b.operation.upper()),
            comfy_table::Cell::new(b.resource.name()),
            comfy_table::Cell::new(b.resource_name()),
            comfy_table::Cell::new(&b.host),
        ]);
    }
    if !shown.is_empty() {
        out.print_table(&t)?;
    }
    out.line(format!("{} of {total} ACLs shown.", shown.len()))
}

/// `declared | granted`, or the declared rights alone without an authorizer.
fn side_by_side(declared: &str, granted: Option<&str>) -> (String, bool) {
    match granted {
        None => (declared.to_string(), true),
        Some(g) => (format!("{declared} | {g}"), declared == g),
    }
}

/// `spm-kafka access` for people: services × topics, then groups.
pub fn print_matrix(out: &Output, rows: &[MatrixRow], enforced: bool) -> std::io::Result<()> {
    let Some(first) = rows.first() else {
        return Ok(());
    };
    let mut header: Vec<&str> = vec!["SERVICE"];
    header.extend(first.topics.iter().map(|c| c.topic.as_str()));
    header.push("GROUPS");
    let mut t = out.table(&header);
    for r in rows {
        let mut cells = vec![comfy_table::Cell::new(&r.service)];
        for c in &r.topics {
            let (text, same) = side_by_side(c.declared.letters(), c.granted.map(|g| g.letters()));
            cells.push(if same {
                comfy_table::Cell::new(text)
            } else {
                Output::painted(text, Color::Red, true)
            });
        }
        let declared = if r.groups_declared.is_empty() {
            "-".to_string()
        } else {
            r.groups_declared.join(",")
        };
        let granted = r.groups_granted.as_ref().map(|g| {
            if g.is_empty() {
                "-".to_string()
            } else {
                g.join(",")
            }
        });
        let (text, same) = side_by_side(&declared, granted.as_deref());
        cells.push(if same {
            comfy_table::Cell::new(text)
        } else {
            Output::painted(text, Color::Red, true)
        });
        t.add_row(cells);
    }
    out.print_table(&t)?;
    out.line("")?;
    if enforced {
        let differ = rows.iter().filter(|r| !r.agrees()).count();
        out.line(format!(
            "Each cell: declared | granted (R read, W write). {differ} of {} services differ from topics.yaml{}",
            rows.len(),
            if differ > 0 { " — `spm-kafka plan` shows the ACLs, `spm-kafka setup` grants them." } else { "." }
        ))
    } else {
        out.line("Declared rights (R read, W write); the cluster enforces no access control, so every client may do anything.")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::{Binding, Operation, Resource};

    #[test]
    fn plan_lines_read_like_the_issue() {
        colored::control::set_override(false);
        let plan = AclPlan {
            enforced: true,
            declared: 2,
            missing: vec![Binding::allow(
                "User:manage-task",
                Resource::Topic,
                "task-events",
                Operation::Write,
            )],
            undeclared: vec![Binding::allow(
                "User:manage-task",
                Resource::Group,
                "x*",
                Operation::Read,
            )],
            in_sync: 1,
            missing_credentials: vec!["manage-task".into()],
        };
        assert_eq!(
            plan_lines(&plan),
            [
                "  + User:manage-task WRITE topic task-events",
                "  - User:manage-task READ group x*  not declared (setup --prune-acls deletes it)",
                "  ! User:manage-task has no SCRAM-SHA-512 credential (setup sets it from SPM_KAFKA_PASSWORD_MANAGE_TASK)",
            ]
        );
        assert_eq!(summary(&plan), "ACLs: 1 to add, 1 not declared, 1 in sync.");
        let none = AclPlan {
            enforced: false,
            declared: 7,
            ..AclPlan::default()
        };
        assert_eq!(
            no_authorizer(&none),
            "the cluster enforces no access control; 7 declared ACLs not applied"
        );
    }
}
