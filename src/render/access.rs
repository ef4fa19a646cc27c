//! The ACL part of `plan`, `setup` and `verify` for people.

use colored::Colorize;

use crate::access::{password_variable, AclPlan};
use crate::output::Output;

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
