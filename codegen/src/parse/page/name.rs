//! Which action a page documents, from the places a page names it.

use super::lexicon::is_action_name;
use crate::parse::prose;

/// The action name a page gives, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Naming {
    /// The name, with the line of the source that gave it; `None` when no source does.
    pub name: Option<(String, u32)>,
    /// The title's name, with its line, when the `Action` row gives another (the row wins: it
    /// is the wire name).
    pub overridden: Option<(String, u32)>,
    /// What the `Action` row's sentence says when its example cell and the title agree on
    /// another name (which is used).
    pub contradicted: Option<String>,
}

/// Resolves the action name from its sources, in priority order:
///
/// 1. `action_row`: the value the `Action` common-parameter row gives; where its example
///    cell (`row_example`) names another action and the title agrees with the example, the
///    example's (ECS DescribeUserData: "Set the value to DescribeUserdata." beside the example
///    `DescribeUserData` and the title `DescribeUserData`);
/// 2. `title`: the page title, `Service:Action` (Alibaba) or the bare name (Tencent);
/// 3. the first three `description` paragraphs, for legacy pages that name the action only in
///    their first sentence (`本接口（TerminateJob）用于终止作业。`); read only when there is no
///    `Action` row.
///
/// The file name is not a source here: it is the caller's fallback when no source names the
/// action, and what the name found is checked against.
pub(crate) fn resolve(
    action_row: Option<&(String, u32)>,
    row_example: Option<&str>,
    title: Option<&(String, u32)>,
    description: &[(String, u32)],
) -> Naming {
    let titled = title.and_then(|(t, line)| title_name(t).map(|n| (n.to_string(), *line)));
    let described =
        || description.iter().take(3).find_map(|(text, line)| prose::described_action(text).map(|a| (a, *line)));
    match action_row {
        Some((said, line)) => {
            let example_wins = row_example
                .filter(|e| *e != said && titled.as_ref().is_some_and(|(t, _)| t == e))
                .map(str::to_string);
            let (row, contradicted) = match example_wins {
                Some(e) => ((e, *line), Some(said.clone())),
                None => ((said.clone(), *line), None),
            };
            let overridden = titled.filter(|(t, _)| *t != row.0);
            Naming { name: Some(row), overridden, contradicted }
        }
        None => Naming { name: titled.or_else(described), overridden: None, contradicted: None },
    }
}

/// The action a title names: the part after the last colon (`Server Migration
/// Center:DeleteSourceServer`), or the whole title (`RunCommand`).
fn title_name(title: &str) -> Option<&str> {
    let after = title.rsplit([':', '：']).next().unwrap_or("").trim();
    if is_action_name(after) { Some(after) } else { Some(title.trim()).filter(|t| is_action_name(t)) }
}


/// Whether a file stem can stand for the action name when the page names none: a non-empty
/// identifier (ASCII letters, digits, underscores).
pub(crate) fn stem_is_name(stem: &str) -> bool {
    !stem.is_empty() && stem.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str, line: u32) -> (String, u32) {
        (s.to_string(), line)
    }

    #[test]
    fn the_action_row_wins_and_says_what_it_overrode() {
        let n = resolve(Some(&at("RunCommand", 40)), None, Some(&at("Service:RunCommand", 1)), &[]);
        assert_eq!(n, Naming { name: Some(at("RunCommand", 40)), overridden: None, contradicted: None });
        let n = resolve(Some(&at("RunCommand", 40)), None, Some(&at("Service:InvokeCommand", 1)), &[]);
        assert_eq!(n, Naming { name: Some(at("RunCommand", 40)), overridden: Some(at("InvokeCommand", 1)), contradicted: None });
    }

    #[test]
    fn the_row_example_wins_over_its_sentence_where_the_title_agrees() {
        // ECS DescribeUserData: `|Action|String|Yes|DescribeUserData|... Set the value to
        // DescribeUserdata. |` under `# DescribeUserData`.
        let title = at("DescribeUserData", 1);
        let n = resolve(Some(&at("DescribeUserdata", 18)), Some("DescribeUserData"), Some(&title), &[]);
        let want = Naming {
            name: Some(at("DescribeUserData", 18)),
            overridden: None,
            contradicted: Some("DescribeUserdata".into()),
        };
        assert_eq!(n, want);
        // Without the title's word, the sentence stands.
        let n = resolve(Some(&at("DescribeUserdata", 18)), Some("DescribeUserData"), None, &[]);
        assert_eq!(n.name, Some(at("DescribeUserdata", 18)));
        let n = resolve(Some(&at("RunCommand", 4)), Some("RunCommand"), Some(&at("RunCommand", 1)), &[]);
        assert_eq!(n.contradicted, None);
    }

    #[test]
    fn then_the_title_then_the_first_sentences() {
        let first = [at("本接口（TerminateJob）用于终止作业。", 3)];
        assert_eq!(resolve(None, None, Some(&at("RunCommand", 1)), &first).name, Some(at("RunCommand", 1)));
        assert_eq!(resolve(None, None, Some(&at("Terminate a job", 1)), &first).name, Some(at("TerminateJob", 3)));
        assert_eq!(resolve(None, None, None, &first).name, Some(at("TerminateJob", 3)));
        // With an Action row, the description is not read.
        let n = resolve(Some(&at("StopJob", 9)), None, None, &first);
        assert_eq!(n, Naming { name: Some(at("StopJob", 9)), overridden: None, contradicted: None });
        assert_eq!(resolve(None, None, None, &[]).name, None);
    }

    #[test]
    fn title_names() {
        assert_eq!(title_name("Server Migration Center:DeleteSourceServer"), Some("DeleteSourceServer"));
        assert_eq!(title_name("云服务器：RunInstances"), Some("RunInstances"));
        assert_eq!(title_name(" RunCommand "), Some("RunCommand"));
        assert_eq!(title_name("Delete a job"), None);
    }

    #[test]
    fn stems() {
        assert!(stem_is_name("Describe_X2"));
        assert!(!stem_is_name(""));
        assert!(!stem_is_name("a-b"));
    }
}
