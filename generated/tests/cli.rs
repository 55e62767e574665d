//! The `cloudpage` binary against the loopback mock cloud of the tests crate (which checks
//! every signature with the runtime's signers): output, exit status, credentials from the
//! environment and from profile files, and usage errors that send nothing.

use std::path::PathBuf;
use std::process::Output;

use cloudpage_clients::SERVICES;
use cloudpage_testkit::mock_cloud::*;
use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_cloudpage");

/// Runs the binary with a clean environment: only `env` and a `HOME` without profile files.
async fn run(args: &[&str], env: &[(&str, &str)]) -> Output {
    // An empty home: no profile files but the ones a test names.
    let home = std::env::temp_dir().join("cloudpage-cli-tests-empty-home");
    std::fs::create_dir_all(&home).unwrap();
    let mut command = tokio::process::Command::new(BIN);
    command.args(args).env_clear().env("HOME", &home);
    for (name, value) in env {
        command.env(name, value);
    }
    command.output().await.expect("the binary runs")
}

fn scratch(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "cloudpage-cli-{}-{tag}-{:x}",
        std::process::id(),
        rand_suffix()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn rand_suffix() -> u128 {
    use std::time::{SystemTime, UNIX_EPOCH};
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_nanos()
}

const TENCENT_ENV: &[(&str, &str)] = &[
    ("TENCENTCLOUD_SECRET_ID", TC_ID),
    ("TENCENTCLOUD_SECRET_KEY", TC_SECRET),
];
const ALIBABA_ENV: &[(&str, &str)] = &[
    ("ALIBABA_CLOUD_ACCESS_KEY_ID", ALI_ID),
    ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", ALI_SECRET),
];

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[tokio::test]
async fn call_prints_the_response_json() {
    let mock = MockCloud::start().await;
    let url = mock.url();
    let params = r#"{"InvocationId": "inv-ib2lld37", "InstanceIds": ["ins-zcewfho0"]}"#;
    let output = run(
        &[
            "call",
            "tencent",
            "tat",
            "CancelInvocation",
            "--region",
            "ap-guangzhou",
            "--endpoint",
            &url,
            "--params",
            params,
        ],
        TENCENT_ENV,
    )
    .await;
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let printed: Value = serde_json::from_str(&stdout(&output)).expect("stdout is JSON");
    assert!(
        printed["RequestId"]
            .as_str()
            .is_some_and(|id| id.starts_with("mock-")),
        "{printed}"
    );
    assert_eq!(stderr(&output), "");

    let hits = mock.hits();
    assert_eq!(hits.len(), 1);
    assert_eq!(
        (hits[0].key.as_str(), hits[0].verdict.as_str()),
        (TAT_CANCEL, "ok")
    );
    assert_eq!(hits[0].header("x-tc-region"), Some("ap-guangzhou"));
    let sent: Value = serde_json::from_slice(&hits[0].body).unwrap();
    assert_eq!(sent, serde_json::from_str::<Value>(params).unwrap());

    // Alibaba, parameters from a file, one-line output.
    let dir = scratch("params");
    let file = dir.join("params.json");
    std::fs::write(&file, r#"{"SourceId": "s-1", "Force": true}"#).unwrap();
    let at_file = format!("@{}", file.display());
    let output = run(
        &[
            "call",
            "alibaba",
            "smc",
            "DeleteSourceServer",
            "--endpoint",
            &url,
            "--params",
            &at_file,
            "--compact",
        ],
        ALIBABA_ENV,
    )
    .await;
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let line = stdout(&output);
    assert_eq!(line.lines().count(), 1, "{line}");
    let printed: Value = serde_json::from_str(&line).unwrap();
    assert!(
        printed["RequestId"]
            .as_str()
            .is_some_and(|id| id.starts_with("MOCK"))
    );
    let hit = mock.hits().pop().unwrap();
    assert_eq!((hit.key.as_str(), hit.verdict.as_str()), (SMC_DELETE, "ok"));
    assert_eq!(hit.query, "Force=true&SourceId=s-1");
    std::fs::remove_dir_all(dir).unwrap();
}

#[tokio::test]
async fn wrong_secret_exits_non_zero_printing_the_error_code() {
    let mock = MockCloud::start().await;
    let url = mock.url();
    let output = run(
        &[
            "call",
            "tencent",
            "tat",
            "CancelInvocation",
            "--region",
            "ap-guangzhou",
            "--endpoint",
            &url,
            "--params",
            r#"{"InvocationId": "inv-1"}"#,
        ],
        &[
            ("TENCENTCLOUD_SECRET_ID", TC_ID),
            ("TENCENTCLOUD_SECRET_KEY", "wrong"),
        ],
    )
    .await;
    assert_eq!(output.status.code(), Some(3), "{}", stderr(&output));
    assert_eq!(stdout(&output), "");
    let err = stderr(&output);
    assert!(err.contains("code: AuthFailure.SignatureFailure"), "{err}");
    assert!(
        err.contains("message: The provided credentials could not be validated"),
        "{err}"
    );
    assert!(err.contains("request_id: mock-"), "{err}");
    assert!(err.contains("http_status: 200"), "{err}");

    let output = run(
        &[
            "call",
            "alibaba",
            "smc",
            "DeleteSourceServer",
            "--endpoint",
            &url,
            "--params",
            r#"{"SourceId": "s-1"}"#,
        ],
        &[
            ("ALIBABA_CLOUD_ACCESS_KEY_ID", ALI_ID),
            ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "wrong"),
        ],
    )
    .await;
    assert_eq!(output.status.code(), Some(3), "{}", stderr(&output));
    let err = stderr(&output);
    assert!(err.contains("code: SignatureDoesNotMatch"), "{err}");
    assert!(err.contains("http_status: 400"), "{err}");
    assert!(err.contains("request_id: MOCK"), "{err}");

    // A business error is reported the same way.
    mock.answer(
        TAT_CANCEL,
        Answer::error(
            200,
            "ResourceNotFound.InvocationNotFound",
            "No execution activity found.",
        ),
    );
    let output = run(
        &[
            "call",
            "tencent",
            "tat",
            "CancelInvocation",
            "--endpoint",
            &url,
            "--params",
            r#"{"InvocationId": "inv-1"}"#,
        ],
        TENCENT_ENV,
    )
    .await;
    assert_eq!(output.status.code(), Some(3));
    assert!(stderr(&output).contains("code: ResourceNotFound.InvocationNotFound"));
    assert_eq!(mock.total(), 3);
}

#[tokio::test]
async fn credentials_come_from_profile_files() {
    let mock = MockCloud::start().await;
    let url = mock.url();
    let dir = scratch("profiles");
    let tencent = dir.join("tencent.ini");
    std::fs::write(
        &tencent,
        format!("[default]\nsecret_id = AKIDother\nsecret_key = x\n\n[work]\nsecret_id = {TC_ID}\nsecret_key = {TC_SECRET}\n"),
    )
    .unwrap();
    let alibaba = dir.join("credentials.ini");
    std::fs::write(
        &alibaba,
        format!("[default]\ntype = access_key\naccess_key_id = {ALI_ID}\naccess_key_secret = {ALI_SECRET}\n"),
    )
    .unwrap();

    // The default chain: no environment variables, so the profile file named by the cloud's
    // variable.
    let output = run(
        &[
            "call",
            "alibaba",
            "smc",
            "DeleteSourceServer",
            "--endpoint",
            &url,
            "--params",
            r#"{"SourceId": "s-1"}"#,
        ],
        &[("ALIBABA_CLOUD_CREDENTIALS_FILE", alibaba.to_str().unwrap())],
    )
    .await;
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    // A file others can read works, with a warning (as ssh gives for keys); 0600 gives none.
    use std::os::unix::fs::PermissionsExt;
    for (mode, warned) in [(0o644, true), (0o600, false)] {
        std::fs::set_permissions(&alibaba, std::fs::Permissions::from_mode(mode)).unwrap();
        let output = run(
            &[
                "call",
                "alibaba",
                "smc",
                "DeleteSourceServer",
                "--endpoint",
                &url,
                "--params",
                r#"{"SourceId": "s-1"}"#,
            ],
            &[("ALIBABA_CLOUD_CREDENTIALS_FILE", alibaba.to_str().unwrap())],
        )
        .await;
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(0), "{err}");
        assert_eq!(
            err.contains("can be read by group or others"),
            warned,
            "mode {mode:o}: {err}"
        );
        assert!(!err.contains(ALI_SECRET), "{err}");
    }
    // Explicit file and profile.
    let output = run(
        &[
            "call",
            "tencent",
            "dts",
            "DeleteMigrateJob",
            "--region",
            "ap-shanghai-fsi",
            "--endpoint",
            &url,
            "--params",
            r#"{"JobId": "dts-1"}"#,
            "--credentials-file",
            tencent.to_str().unwrap(),
            "--profile",
            "work",
        ],
        &[],
    )
    .await;
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let verdicts: Vec<(String, String)> = mock
        .hits()
        .into_iter()
        .map(|h| (h.key, h.verdict))
        .collect();
    assert_eq!(
        verdicts,
        [
            (SMC_DELETE.to_owned(), "ok".to_owned()),
            (SMC_DELETE.to_owned(), "ok".to_owned()),
            (SMC_DELETE.to_owned(), "ok".to_owned()),
            (DTS_DELETE.to_owned(), "ok".to_owned())
        ]
    );

    // No credentials anywhere: a usage error naming where it looked, nothing sent.
    let output = run(
        &[
            "call",
            "tencent",
            "batch",
            "TerminateJob",
            "--endpoint",
            &url,
            "--params",
            r#"{"JobId": "j"}"#,
        ],
        &[],
    )
    .await;
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(err.contains("TENCENTCLOUD_SECRET_ID"), "{err}");
    assert!(!err.contains(TC_SECRET));
    assert_eq!(mock.total(), 4);
    std::fs::remove_dir_all(dir).unwrap();
}

#[tokio::test]
async fn unknown_names_and_bad_params_list_what_exists_and_send_nothing() {
    let mock = MockCloud::start().await;
    let url = mock.url();
    let cases: &[(&[&str], &str)] = &[
        (
            &["call", "azure", "tat", "CancelInvocation"],
            "unknown cloud `azure`; available clouds: alibaba, tencent",
        ),
        (
            &["call", "tencent", "cbs", "CreateDisks"],
            "unknown tencent service `cbs`; available tencent services: batch, cvm, dts, tat",
        ),
        (
            &["call", "alibaba", "rds", "DescribeDBInstances"],
            "available alibaba services: ecs, ims, ram, smc, sts",
        ),
        (
            &["call", "tencent", "tat", "RunCommand"],
            "unknown action `RunCommand` of tencent tat (2020-10-28); available actions: CancelInvocation",
        ),
        (
            &[
                "call",
                "tencent",
                "tat",
                "CancelInvocation",
                "--api-version",
                "2017-01-01",
            ],
            "available: 2020-10-28",
        ),
        (
            &[
                "call",
                "tencent",
                "tat",
                "CancelInvocation",
                "--params",
                "{not json",
            ],
            "--params is not valid JSON",
        ),
        (
            &[
                "call",
                "tencent",
                "tat",
                "CancelInvocation",
                "--params",
                "[1, 2]",
            ],
            "--params must be a JSON object",
        ),
        (
            &[
                "call",
                "tencent",
                "tat",
                "CancelInvocation",
                "--params",
                "@/nonexistent/params.json",
            ],
            "cannot read --params file",
        ),
        (
            &[
                "call",
                "tencent",
                "tat",
                "CancelInvocation",
                "--InvocationId",
                "inv-1",
                "--endpoint",
                "ftp://x",
            ],
            "invalid endpoint URL",
        ),
        (&["call", "tencent", "tat"], "Usage:"),
        (
            &[
                "call",
                "tencent",
                "tat",
                "CancelInvocation",
                "--params",
                r#"{"InstanceIds": ["ins-1"]}"#,
            ],
            "`InvocationId` is required but not set",
        ),
        (
            &[
                "call",
                "tencent",
                "tat",
                "CancelInvocation",
                "--params",
                r#"{"InvocationId": 7}"#,
            ],
            "parameters do not fit the request: InvocationId: expected a string, found a number",
        ),
        (
            // A mis-cased name is not sent unchecked (it would skip the 100-item limit).
            &[
                "call",
                "tencent",
                "tat",
                "CancelInvocation",
                "--params",
                r#"{"InvocationId": "i", "instanceids": ["ins-1"]}"#,
            ],
            r#"instanceids: unknown parameter "instanceids"; did you mean "InstanceIds"?"#,
        ),
    ];
    for (args, expected) in cases {
        let mut args = args.to_vec();
        if !args.contains(&"--endpoint") {
            args.extend(["--endpoint", &url]);
        }
        let output = run(&args, TENCENT_ENV).await;
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?}: {}",
            stderr(&output)
        );
        assert!(
            stderr(&output).contains(expected),
            "{args:?}: {}",
            stderr(&output)
        );
        assert_eq!(stdout(&output), "", "{args:?}");
    }
    // Names are matched without regard to case.
    let output = run(
        &[
            "call",
            "Tencent",
            "TAT",
            "cancelinvocation",
            "--endpoint",
            &url,
            "--params",
            r#"{"InvocationId": "i"}"#,
        ],
        TENCENT_ENV,
    )
    .await;
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(mock.total(), 1);
}

/// Plain http to a host that is not loopback is refused before anything is sent (exit 2, the
/// message names the flag) unless `--allow-insecure-http`. `0.0.0.0` is not a loopback
/// address, but on Linux a connection to it reaches this machine, so the opt-in can be checked
/// against the loopback mock.
#[tokio::test]
async fn plain_http_to_a_host_that_is_not_loopback_needs_allow_insecure_http() {
    let mock = MockCloud::start().await;
    let url = format!("http://0.0.0.0:{}", mock.addr.port());
    let args = [
        "call",
        "tencent",
        "tat",
        "CancelInvocation",
        "--region",
        "ap-guangzhou",
        "--endpoint",
        &url,
        "--params",
        r#"{"InvocationId": "inv-1"}"#,
    ];
    let output = run(&args, TENCENT_ENV).await;
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    for expected in [
        "plain http",
        "session token",
        "unencrypted",
        "--allow-insecure-http",
    ] {
        assert!(stderr(&output).contains(expected), "{}", stderr(&output));
    }
    assert_eq!(mock.total(), 0);
    if cfg!(target_os = "linux") {
        let mut opted_in = args.to_vec();
        opted_in.push("--allow-insecure-http");
        let output = run(&opted_in, TENCENT_ENV).await;
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        assert_eq!(mock.total(), 1);
    }
}

#[tokio::test]
async fn transport_failures_exit_4() {
    let mock = MockCloud::start().await;
    mock.set_faults(vec![Fault::always("*", FaultKind::Reset)]);
    let url = mock.url();
    let output = run(
        &[
            "call",
            "tencent",
            "tat",
            "CancelInvocation",
            "--endpoint",
            &url,
            "--params",
            r#"{"InvocationId": "i"}"#,
        ],
        TENCENT_ENV,
    )
    .await;
    assert_eq!(output.status.code(), Some(4), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("reset or closed"),
        "{}",
        stderr(&output)
    );
    assert_eq!(mock.total(), 1, "a reset is not retried");

    mock.set_faults(vec![Fault::always(
        "*",
        FaultKind::Slow(std::time::Duration::from_secs(5)),
    )]);
    let output = run(
        &[
            "call",
            "tencent",
            "tat",
            "CancelInvocation",
            "--endpoint",
            &url,
            "--timeout",
            "0.3",
            "--params",
            r#"{"InvocationId": "i"}"#,
        ],
        TENCENT_ENV,
    )
    .await;
    assert_eq!(output.status.code(), Some(4), "{}", stderr(&output));
    assert!(stderr(&output).contains("timed out"), "{}", stderr(&output));

    // Nothing listening: connect failures are retried, then reported.
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap()
    };
    let output = run(
        &[
            "call",
            "tencent",
            "tat",
            "CancelInvocation",
            "--endpoint",
            &format!("http://{closed}"),
            "--params",
            r#"{"InvocationId": "i"}"#,
        ],
        TENCENT_ENV,
    )
    .await;
    assert_eq!(output.status.code(), Some(4), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("cannot connect"),
        "{}",
        stderr(&output)
    );
}

/// The CLI is driven by the generated `SERVICES` table: every operation in it is listed and
/// reaches the server correctly signed.
#[tokio::test]
async fn every_generated_operation_is_listed_and_callable() {
    let output = run(&["list"], &[]).await;
    assert_eq!(output.status.code(), Some(0));
    let listed = stdout(&output);
    let mut expected = 0;
    for (service, operations) in SERVICES {
        for op in *operations {
            expected += 1;
            let line = listed
                .lines()
                .find(|l| {
                    l.contains(&format!(
                        " {} {} {}",
                        service.name, service.version, op.action
                    ))
                })
                .unwrap_or_else(|| panic!("{} missing from:\n{listed}", op.action));
            assert!(
                line.starts_with("tencent ") || line.starts_with("alibaba "),
                "{line}"
            );
        }
    }
    assert_eq!(listed.lines().count(), expected);
    let only_tat = stdout(&run(&["list", "tencent", "tat"], &[]).await);
    assert_eq!(
        only_tat.trim(),
        "tencent tat 2020-10-28 CancelInvocation  (20/s)"
    );

    // `{}` either fails the operation's documented checks client-side (exit 2, nothing sent)
    // or passes the signature check and fails the mock's own checks (MissingParameter, or
    // InvalidAction for an operation the mock does not know).
    let mock = MockCloud::start().await;
    let url = mock.url();
    let env: Vec<(&str, &str)> = TENCENT_ENV.iter().chain(ALIBABA_ENV).copied().collect();
    let mut sent = 0;
    for (service, operations) in SERVICES {
        for op in *operations {
            let cloud = listed
                .lines()
                .find(|l| {
                    l.contains(&format!(
                        " {} {} {}",
                        service.name, service.version, op.action
                    ))
                })
                .and_then(|l| l.split(' ').next())
                .unwrap();
            let output = run(
                &[
                    "call",
                    cloud,
                    service.name,
                    op.action,
                    "--endpoint",
                    &url,
                    "--params",
                    "{}",
                ],
                &env,
            )
            .await;
            match output.status.code() {
                Some(2) => {
                    assert!(
                        stderr(&output).contains("is required but not set"),
                        "{}: {}",
                        op.action,
                        stderr(&output)
                    );
                    assert_eq!(
                        mock.total(),
                        sent,
                        "{}: a request that fails validation is not sent",
                        op.action
                    );
                }
                Some(3) => {
                    sent += 1;
                    let verdict = mock.hits().pop().unwrap().verdict;
                    assert!(
                        verdict == "MissingParameter" || verdict.starts_with("InvalidAction"),
                        "{}: {verdict}",
                        op.action
                    );
                }
                other => panic!("{}: exit {other:?}: {}", op.action, stderr(&output)),
            }
        }
    }
    assert_eq!(mock.total(), sent);
}

/// `--debug` and `RUST_LOG` give tracing on stderr, down to hyper's trace events, and no
/// secret, session token or signature appears in it, for either cloud.
#[tokio::test]
async fn debug_logs_go_to_stderr_without_secrets() {
    let mock = MockCloud::start().await;
    let url = mock.url();
    const TOKEN: &str = "session-token-that-must-not-be-logged";
    /// Arguments, environment (credentials with a session token) and the secret key.
    type Case<'a> = (&'a [&'a str], Vec<(&'a str, &'a str)>, &'a str);
    let cases: [Case<'_>; 2] = [
        (
            &[
                "call",
                "tencent",
                "tat",
                "CancelInvocation",
                "--region",
                "ap-guangzhou",
                "--params",
                r#"{"InvocationId": "inv-1"}"#,
            ],
            [TENCENT_ENV, &[("TENCENTCLOUD_SESSION_TOKEN", TOKEN)]].concat(),
            TC_SECRET,
        ),
        (
            &[
                "call",
                "alibaba",
                "smc",
                "DeleteSourceServer",
                "--params",
                r#"{"SourceId": "s-1"}"#,
            ],
            [ALIBABA_ENV, &[("ALIBABA_CLOUD_SECURITY_TOKEN", TOKEN)]].concat(),
            ALI_SECRET,
        ),
    ];
    for (args, env, secret) in cases {
        for (flag, log_env) in [(Some("--debug"), None), (None, Some(("RUST_LOG", "trace")))] {
            let mut args = args.to_vec();
            args.extend(["--endpoint", &url]);
            args.extend(flag);
            let mut env = env.clone();
            env.extend(log_env);
            let output = run(&args, &env).await;
            let log = stderr(&output);
            assert_eq!(output.status.code(), Some(0), "{args:?}: {log}");
            assert!(
                log.contains("cloudpage.call") && log.contains("call succeeded"),
                "{args:?}: no log:\n{log}"
            );
            let hit = mock.hits().pop().expect("sent");
            let authorization = hit.header("authorization").expect("signed").to_owned();
            let signature = authorization
                .rsplit("Signature=")
                .next()
                .expect("a signature");
            assert!(signature.len() >= 64, "{authorization}");
            for (what, text) in [
                ("secret", secret),
                ("token", TOKEN),
                ("signature", signature),
            ] {
                assert!(
                    !log.contains(text),
                    "{args:?}: the {what} is in the log:\n{log}"
                );
            }
        }
    }
}

/// `call CLOUD SERVICE ACTION --help` lists every parameter of that operation with its type,
/// whether it is required, its documented rules and its doc, and sends nothing.
#[tokio::test]
async fn operation_help_lists_each_parameter() {
    let output = run(
        &["call", "tencent", "tat", "CancelInvocation", "--help"],
        &[],
    )
    .await;
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let help = stdout(&output);
    assert!(
        help.starts_with("tencent tat CancelInvocation (API version 2020-10-28)\n"),
        "{help}"
    );
    assert!(
        help.contains("Rate limit: 20 requests per second"),
        "{help}"
    );
    assert!(
        help.contains("--InvocationId  <String>  required\n      Execution activity ID\n"),
        "{help}"
    );
    assert!(
        help.contains("--InstanceIds  <Array of String>  optional\n      Rules: A maximum of 100 IDs are allowed.\n"),
        "{help}"
    );
    // An Alibaba operation, with options before the names.
    let output = run(
        &[
            "call",
            "--region",
            "cn-hangzhou",
            "alibaba",
            "smc",
            "DeleteSourceServer",
            "-h",
        ],
        &[],
    )
    .await;
    let help = stdout(&output);
    assert!(help.contains("--SourceId  <String>  required"), "{help}");
    assert!(help.contains("--Force  <Boolean>  optional"), "{help}");
    // An unknown action is a usage error, as without --help.
    let output = run(
        &["call", "tencent", "tat", "CancelInvocations", "--help"],
        &[],
    )
    .await;
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("unknown action `CancelInvocations`"),
        "{}",
        stderr(&output)
    );
}

/// `--Name VALUE` arguments, as tccli takes them: a String as it is, other types as JSON;
/// merged with `--params`; mistakes are usage errors before anything is sent.
#[tokio::test]
async fn parameters_as_name_value_arguments() {
    let mock = MockCloud::start().await;
    let url = mock.url();
    let output = run(
        &[
            "call",
            "tencent",
            "tat",
            "CancelInvocation",
            "--InvocationId",
            "123",
            "--InstanceIds",
            r#"["ins-1","ins-2"]"#,
            "--endpoint",
            &url,
        ],
        TENCENT_ENV,
    )
    .await;
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let sent: Value = serde_json::from_slice(&mock.hits()[0].body).unwrap();
    // `123` stays a string: InvocationId is a String parameter.
    assert_eq!(
        sent,
        serde_json::json!({"InvocationId": "123", "InstanceIds": ["ins-1", "ins-2"]})
    );

    // Wire names that start lower case (ECS `CreateAutoSnapshotPolicy`): `--regionId` is a
    // parameter, as `call --help` lists it.
    let output = run(
        &[
            "call",
            "alibaba",
            "ecs",
            "CreateAutoSnapshotPolicy",
            "--regionId",
            "cn-hangzhou",
            "--repeatWeekdays",
            r#"["1"]"#,
            "--retentionDays",
            "30",
            "--timePoints",
            r#"["0"]"#,
            "--endpoint",
            &url,
            "--dry-run",
        ],
        ALIBABA_ENV,
    )
    .await;
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stdout(&output).contains("regionId=cn-hangzhou"), "{}", stdout(&output));

    // `--Name=VALUE`, beside --params; an Alibaba Boolean read as JSON.
    let output = run(
        &[
            "call",
            "alibaba",
            "smc",
            "DeleteSourceServer",
            "--Force=true",
            "--params",
            r#"{"SourceId": "s-1"}"#,
            "--endpoint",
            &url,
        ],
        ALIBABA_ENV,
    )
    .await;
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let hit = mock.hits().pop().unwrap();
    assert!(
        hit.query.contains("Force=true") && hit.query.contains("SourceId=s-1"),
        "{}",
        hit.query
    );

    mock.reset();
    let cases: &[(&[&str], &str)] = &[
        (
            &["--InvocationId", "i", "--InstanceIds", "ins-1"],
            "--InstanceIds takes JSON for its type, Array of String",
        ),
        (
            &["--InvocationId", "i", "--InvocationId", "j"],
            "--InvocationId is given twice",
        ),
        (
            &[
                "--InvocationId",
                "i",
                "--params",
                r#"{"InvocationId": "j"}"#,
            ],
            "`InvocationId` is given both as --InvocationId and in --params",
        ),
        (&["--InvocationId"], "--InvocationId needs a value"),
        (
            &["--InvocationId", "i", "--Instanceids", "x"],
            r#"unknown parameter "Instanceids"; did you mean "InstanceIds"?"#,
        ),
        // Lower case is a parameter name too (not one of the command's options).
        (
            &["--InvocationId", "i", "--instanceIds", "x"],
            r#"unknown parameter "instanceIds"; did you mean "InstanceIds"?"#,
        ),
    ];
    for (extra, expected) in cases {
        let mut args = vec![
            "call",
            "tencent",
            "tat",
            "CancelInvocation",
            "--endpoint",
            &url,
        ];
        args.extend_from_slice(extra);
        let output = run(&args, TENCENT_ENV).await;
        assert_eq!(
            output.status.code(),
            Some(2),
            "{extra:?}: {}",
            stderr(&output)
        );
        assert!(
            stderr(&output).contains(expected),
            "{extra:?}: {}",
            stderr(&output)
        );
    }
    assert_eq!(mock.total(), 0, "nothing is sent");

    // A documented value list is an enum: a value it does not list is refused, with the
    // closest documented one, before anything is sent.
    let output = run(
        &[
            "call",
            "alibaba",
            "ecs",
            "AuthorizeSecurityGroup",
            "--RegionId",
            "cn-hangzhou",
            "--SecurityGroupId",
            "sg-1",
            "--IpProtocol",
            "TCP",
            "--PortRange",
            "22/22",
            "--endpoint",
            &url,
        ],
        ALIBABA_ENV,
    )
    .await;
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output)
            .contains(r#"IpProtocol: "TCP" is not a documented value; did you mean "tcp"?"#),
        "{}",
        stderr(&output)
    );
    let help = stdout(
        &run(
            &["call", "alibaba", "ecs", "AuthorizeSecurityGroup", "--help"],
            &[],
        )
        .await,
    );
    assert!(
        help.contains("--IpProtocol  <String (one of: tcp, udp, icmp, gre, all)>  required"),
        "{help}"
    );
    assert_eq!(mock.total(), 0, "nothing is sent");
}

/// `--query` (JMESPath), `--output table|text`, and with `--output json` failures as a JSON
/// object on stdout.
#[tokio::test]
async fn output_formats_query_and_json_errors() {
    let mock = MockCloud::start().await;
    let url = mock.url();
    mock.answer(
        TAT_CANCEL,
        Answer::Success(serde_json::json!({"Items": [{"Id": "a", "State": "RUNNING"}, {"Id": "bb", "State": "STOPPED", "Extra": 1}]})),
    );
    let call = |extra: &'static [&'static str]| {
        let url = url.clone();
        async move {
            let mut args = vec![
                "call",
                "tencent",
                "tat",
                "CancelInvocation",
                "--InvocationId",
                "i",
                "--endpoint",
                &url,
            ];
            args.extend_from_slice(extra);
            run(&args, TENCENT_ENV).await
        }
    };
    let output = call(&["--query", "Items[].Id", "--compact"]).await;
    assert_eq!(stdout(&output), "[\"a\",\"bb\"]\n", "{}", stderr(&output));
    let output = call(&["--query", "Items", "--output", "table"]).await;
    assert_eq!(
        stdout(&output),
        "+----+---------+-------+\n\
         | Id | State   | Extra |\n\
         +----+---------+-------+\n\
         | a  | RUNNING |       |\n\
         | bb | STOPPED | 1     |\n\
         +----+---------+-------+\n"
    );
    let output = call(&["--query", "Items[1]", "--output", "text"]).await;
    // Members in name order (the JSON object keeps them sorted).
    assert_eq!(stdout(&output), "Extra\t1\nId\tbb\nState\tSTOPPED\n");
    // A bad expression is a usage error before anything is sent.
    let before = mock.total();
    let output = call(&["--query", "Items[", "--output", "json"]).await;
    assert_eq!(output.status.code(), Some(2));
    let error: Value = serde_json::from_str(&stdout(&output)).expect("the error is JSON on stdout");
    assert_eq!(error["Error"]["Kind"], "usage", "{error}");
    assert_eq!(mock.total(), before);
    // An expression that fails only on the result (`abs` of a list): the call was made, so
    // its whole result is printed, with a status of its own.
    let output = call(&["--query", "abs(Items)", "--compact"]).await;
    assert_eq!(output.status.code(), Some(5), "{}", stderr(&output));
    let whole: Value = serde_json::from_str(&stdout(&output)).expect("the whole result on stdout");
    assert_eq!(whole["Items"][1]["Id"], "bb");
    assert!(stderr(&output).contains("--query failed"), "{}", stderr(&output));
    assert_eq!(mock.total(), before + 1);

    mock.answer(
        TAT_CANCEL,
        Answer::error(
            200,
            "ResourceNotFound.InvocationNotFound",
            "no such invocation",
        ),
    );
    let output = call(&["--output", "json"]).await;
    assert_eq!(output.status.code(), Some(3));
    let error: Value = serde_json::from_str(&stdout(&output)).expect("the error is JSON on stdout");
    assert_eq!(error["Error"]["Kind"], "service");
    assert_eq!(
        error["Error"]["Code"],
        "ResourceNotFound.InvocationNotFound"
    );
    assert_eq!(error["Error"]["Message"], "no such invocation");
    assert!(
        error["Error"]["RequestId"]
            .as_str()
            .is_some_and(|id| id.starts_with("mock-")),
        "{error}"
    );
    assert!(stderr(&output).contains("ResourceNotFound.InvocationNotFound"));
    // Without --output json, stdout stays empty on failure.
    let output = call(&[]).await;
    assert_eq!(stdout(&output), "");
}

/// A documented required `RegionId` need not be repeated on the command line: the region
/// (`--region`, the environment, the profile) fills it, as the aliyun CLI does; without any
/// region it is still refused before anything is sent.
#[tokio::test]
async fn an_unset_required_region_id_is_the_configured_region() {
    let mock = MockCloud::start().await;
    mock.answer_with("alibaba:ecs:DescribeInstances", |_| Answer::Success(serde_json::json!({"Instances": {"Instance": []}})));
    let url = mock.url();
    let call = |region: Option<&'static str>| {
        let url = url.clone();
        async move {
            let mut args = vec!["call", "alibaba", "ecs", "DescribeInstances", "--endpoint", &url];
            args.extend(region.map(|region| ["--region", region]).into_iter().flatten());
            run(&args, ALIBABA_ENV).await
        }
    };
    let output = call(Some("cn-hangzhou")).await;
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let hits = mock.hits();
    assert!(matches!(&hits[..], [hit] if hit.verdict == "ok" && hit.query.contains("RegionId=cn-hangzhou")), "{hits:?}");

    let output = call(None).await;
    assert_ne!(output.status.code(), Some(0));
    assert!(stderr(&output).contains("RegionId"), "{}", stderr(&output));
    assert_eq!(mock.total(), 1, "nothing more is sent");
}

/// An operation sent unsigned (STS `AssumeRoleWithSAML`) needs no credentials: with none in
/// the environment, `--dry-run` shows it without `Authorization`, with Alibaba's
/// `Format=json`, and without the assertion (a credential the user typed, shown redacted like
/// every secret parameter).
#[tokio::test]
async fn an_anonymous_operation_needs_no_credentials() {
    let output = run(
        &[
            "call",
            "alibaba",
            "sts",
            "AssumeRoleWithSAML",
            "--SAMLProviderArn",
            "acs:ram::123456789012****:saml-provider/company1",
            "--RoleArn",
            "acs:ram::123456789012****:role/adminrole",
            "--SAMLAssertion",
            "base64_encoded_saml_assertion",
            "--region",
            "cn-hangzhou",
            "--dry-run",
        ],
        &[],
    )
    .await;
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let printed = stdout(&output);
    assert!(printed.contains("x-acs-action: AssumeRoleWithSAML\n"), "{printed}");
    assert!(printed.lines().next().is_some_and(|line| line.ends_with("&Format=json")), "{printed}");
    assert!(!printed.to_ascii_lowercase().contains("authorization"), "{printed}");
    assert!(printed.contains("&SAMLAssertion=<redacted>&"), "{printed}");
    assert!(!printed.contains("base64_encoded_saml_assertion"), "{printed}");
}

/// `--dry-run` prints the signed request and sends nothing; the signature and the session
/// token are redacted, the secret key never appears. The region comes from the environment
/// when `--region` is not given.
#[tokio::test]
async fn dry_run_prints_the_signed_request_redacted() {
    let mock = MockCloud::start().await;
    let url = mock.url();
    let token = "SESSIONTOKENEXAMPLE0001";
    let env = [
        TENCENT_ENV[0],
        TENCENT_ENV[1],
        ("TENCENTCLOUD_SESSION_TOKEN", token),
        ("TENCENTCLOUD_REGION", "ap-shanghai"),
    ];
    let output = run(
        &[
            "call",
            "tencent",
            "tat",
            "CancelInvocation",
            "--InvocationId",
            "inv-1",
            "--endpoint",
            &url,
            "--dry-run",
        ],
        &env,
    )
    .await;
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let printed = stdout(&output);
    assert!(printed.starts_with(&format!("POST {url}/\n")), "{printed}");
    assert!(
        printed.contains("x-tc-action: CancelInvocation\n"),
        "{printed}"
    );
    assert!(printed.contains("x-tc-region: ap-shanghai\n"), "{printed}");
    assert!(printed.contains("x-tc-token: <redacted>\n"), "{printed}");
    assert!(
        printed.contains(&format!(
            "authorization: TC3-HMAC-SHA256 Credential={TC_ID}/"
        )),
        "{printed}"
    );
    assert!(printed.contains("Signature=<redacted>\n"), "{printed}");
    assert!(
        printed.ends_with("\n\n{\"InvocationId\":\"inv-1\"}\n"),
        "{printed}"
    );
    assert!(
        !printed.contains(TC_SECRET) && !printed.contains(token),
        "{printed}"
    );
    assert_eq!(mock.total(), 0, "a dry run sends nothing");

    // Without --dry-run the environment's region is sent too.
    let env = [
        TENCENT_ENV[0],
        TENCENT_ENV[1],
        ("TENCENTCLOUD_REGION", "ap-shanghai"),
    ];
    let output = run(
        &[
            "call",
            "tencent",
            "tat",
            "CancelInvocation",
            "--InvocationId",
            "inv-1",
            "--endpoint",
            &url,
        ],
        &env,
    )
    .await;
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(mock.hits()[0].header("x-tc-region"), Some("ap-shanghai"));
}

/// `--profile` names one profile for both the credentials and the region: the region of
/// tccli's `work.configure`, not the default profile's, goes with `[work]`'s keys.
#[tokio::test]
async fn profile_gives_the_region_and_the_credentials() {
    let mock = MockCloud::start().await;
    let url = mock.url();
    let home = scratch("profile-home");
    std::fs::create_dir_all(home.join(".tccli")).unwrap();
    std::fs::create_dir_all(home.join(".tencentcloud")).unwrap();
    std::fs::write(home.join(".tccli/default.configure"), r#"{"_sys_param": {"region": "ap-guangzhou"}}"#).unwrap();
    std::fs::write(home.join(".tccli/work.configure"), r#"{"_sys_param": {"region": "ap-singapore"}}"#).unwrap();
    let credentials = home.join(".tencentcloud/credentials");
    std::fs::write(
        &credentials,
        format!("[default]\nsecret_id = AKIDother\nsecret_key = x\n\n[work]\nsecret_id = {TC_ID}\nsecret_key = {TC_SECRET}\n"),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&credentials, std::fs::Permissions::from_mode(0o600)).unwrap();
    let home_var = ("HOME", home.to_str().unwrap());
    let call = ["call", "tencent", "tat", "CancelInvocation", "--InvocationId", "inv-1", "--endpoint", &url];

    let with_flag: Vec<&str> = call.iter().copied().chain(["--profile", "work"]).collect();
    let output = run(&with_flag, &[home_var]).await;
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    // The variable does what the flag does, through the default chain.
    let output = run(&call, &[home_var, ("TENCENTCLOUD_PROFILE", "work")]).await;
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let hits = mock.hits();
    assert_eq!(hits.len(), 2);
    for hit in &hits {
        assert_eq!(hit.header("x-tc-region"), Some("ap-singapore"));
        assert_eq!(hit.verdict, "ok", "signed with [work]'s keys");
    }
    std::fs::remove_dir_all(home).unwrap();
}

/// `--profile` on an Alibaba call is the aliyun CLI's profile of that name: its keys sign
/// and its `region_id` fills the region, as `aliyun --profile` does; a name the CLI does
/// not have is the credentials file's section.
#[tokio::test]
async fn an_alibaba_profile_is_the_aliyun_cli_profile() {
    let mock = MockCloud::start().await;
    mock.answer_with("alibaba:ecs:DescribeInstances", |_| Answer::Success(serde_json::json!({"Instances": {"Instance": []}})));
    let url = mock.url();
    let home = scratch("aliyun-profile-home");
    std::fs::create_dir_all(home.join(".aliyun")).unwrap();
    std::fs::create_dir_all(home.join(".alibabacloud")).unwrap();
    let config = home.join(".aliyun/config.json");
    std::fs::write(
        &config,
        format!(
            r#"{{"current": "default", "profiles": [
                {{"name": "default", "mode": "AK", "access_key_id": "LTAIother", "access_key_secret": "x", "region_id": "cn-beijing"}},
                {{"name": "prod", "mode": "AK", "access_key_id": "{ALI_ID}", "access_key_secret": "{ALI_SECRET}", "region_id": "cn-shanghai"}}]}}"#
        ),
    )
    .unwrap();
    let file = home.join(".alibabacloud/credentials.ini");
    std::fs::write(&file, format!("[staging]\naccess_key_id = {ALI_ID}\naccess_key_secret = {ALI_SECRET}\n")).unwrap();
    use std::os::unix::fs::PermissionsExt;
    for path in [&config, &file] {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    let home_var = ("HOME", home.to_str().unwrap());
    let call = |profile: &'static str| {
        let url = url.clone();
        async move {
            run(&["call", "alibaba", "ecs", "DescribeInstances", "--endpoint", &url, "--profile", profile, "--region", "cn-shanghai"], &[home_var]).await
        }
    };
    let output = run(&["call", "alibaba", "ecs", "DescribeInstances", "--endpoint", &url, "--profile", "prod"], &[home_var]).await;
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let output = call("staging").await;
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let hits = mock.hits();
    assert_eq!(hits.len(), 2);
    for hit in &hits {
        assert_eq!(hit.verdict, "ok", "signed with the profile's keys");
        assert!(hit.query.contains("RegionId=cn-shanghai"), "{}", hit.query);
    }
    let output = call("absent").await;
    assert_ne!(output.status.code(), Some(0));
    assert!(stderr(&output).contains("absent"), "{}", stderr(&output));
    assert_eq!(mock.total(), 2, "nothing more is sent");
    std::fs::remove_dir_all(home).unwrap();
}

/// A request parameter as a number: Tencent sends JSON numbers, Alibaba query text.
fn param_number(params: &Value, name: &str) -> Option<u64> {
    match params.get(name)? {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => s.parse().ok(),
        _ => None,
    }
}

fn instance_ids(range: std::ops::Range<u64>) -> Vec<Value> {
    range
        .map(|i| serde_json::json!({"InstanceId": format!("i-{i}")}))
        .collect()
}

/// `--pager` reads every page and prints the items of all of them as one list in the place
/// of a page's list, as the aliyun CLI does: ECS `DescribeInstances` by `NextToken`, CVM
/// `DescribeInstances` by `Offset` (the empty last page ends it), `--max-pages` bounding a
/// listing whose tokens never end, and an operation that does not page.
#[tokio::test]
async fn pager_aggregates_the_items_of_every_page() {
    let mock = MockCloud::start().await;
    let url = mock.url();
    let ecs = "alibaba:ecs:DescribeInstances";
    mock.answer_with(ecs, |params| {
        let page = params
            .get("NextToken")
            .and_then(Value::as_str)
            .map_or(0, |t| t.trim_start_matches("page").parse::<u64>().unwrap());
        let size = param_number(params, "MaxResults").unwrap_or(10);
        let start = page * size;
        let end = (start + size).min(5);
        let next = if end < 5 { format!("page{}", page + 1) } else { String::new() };
        Answer::Success(serde_json::json!({
            "NextToken": next, "TotalCount": 5,
            "Instances": {"Instance": instance_ids(start..end)},
        }))
    });
    let output = run(
        &[
            "call",
            "alibaba",
            "ecs",
            "DescribeInstances",
            "--region",
            "cn-hangzhou",
            "--endpoint",
            &url,
            "--RegionId",
            "cn-hangzhou",
            "--MaxResults",
            "2",
            "--pager",
        ],
        ALIBABA_ENV,
    )
    .await;
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let printed: Value = serde_json::from_str(&stdout(&output)).expect("stdout is JSON");
    assert_eq!(
        printed,
        serde_json::json!({"Instances": {"Instance": instance_ids(0..5)}})
    );
    let tokens: Vec<Option<String>> = mock
        .hits()
        .iter()
        .map(|h| {
            cloudpage_runtime::signing::parse_query(&h.query)
                .into_iter()
                .find(|(n, _)| n == "NextToken")
                .map(|(_, v)| v)
        })
        .collect();
    assert_eq!(
        tokens,
        [None, Some("page1".to_owned()), Some("page2".to_owned())]
    );
    assert!(mock.hits().iter().all(|h| h.verdict == "ok"));

    // Tencent by Offset: 3 instances, 2 a page, a TotalCount that overstates: the empty
    // third page ends the listing. `--query` applies to the aggregated list.
    let cvm = "tencent:cvm:DescribeInstances";
    mock.answer_with(cvm, |params| {
        let offset = param_number(params, "Offset").unwrap_or(0).min(3);
        let limit = param_number(params, "Limit").unwrap_or(20);
        let end = (offset + limit).min(3);
        Answer::Success(serde_json::json!({"TotalCount": 10, "InstanceSet": instance_ids(offset..end)}))
    });
    let output = run(
        &[
            "call",
            "tencent",
            "cvm",
            "DescribeInstances",
            "--region",
            "ap-guangzhou",
            "--endpoint",
            &url,
            "--Limit",
            "2",
            "--pager",
            "--query",
            "InstanceSet[].InstanceId",
            "--compact",
        ],
        TENCENT_ENV,
    )
    .await;
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stdout(&output), "[\"i-0\",\"i-1\",\"i-2\"]\n");
    assert_eq!(mock.count(cvm), 3, "pages at offsets 0, 2 and the empty one at 3");

    // Tokens that never end: `--max-pages` stops the listing and says so.
    mock.answer_with(ecs, |params| {
        let page = params
            .get("NextToken")
            .and_then(Value::as_str)
            .map_or(0, |t| t.trim_start_matches("page").parse::<u64>().unwrap());
        Answer::Success(serde_json::json!({
            "NextToken": format!("page{}", page + 1),
            "Instances": {"Instance": instance_ids(page..page + 1)},
        }))
    });
    let before = mock.count(ecs);
    let output = run(
        &[
            "call",
            "alibaba",
            "ecs",
            "DescribeInstances",
            "--endpoint",
            &url,
            "--RegionId",
            "cn-hangzhou",
            "--pager",
            "--max-pages",
            "4",
            "--compact",
        ],
        ALIBABA_ENV,
    )
    .await;
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let printed: Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(
        printed,
        serde_json::json!({"Instances": {"Instance": instance_ids(0..4)}})
    );
    assert_eq!(mock.count(ecs) - before, 4);
    assert!(
        stderr(&output).contains("stopped after 4 pages (--max-pages); the listing has more"),
        "{}",
        stderr(&output)
    );

    // An error on page 2 fails the command with the service's code; nothing is printed.
    mock.answer_with(ecs, |params| match params.get("NextToken") {
        None => Answer::Success(serde_json::json!({
            "NextToken": "page1", "Instances": {"Instance": instance_ids(0..1)},
        })),
        Some(_) => Answer::error(500, "InternalError", "The request processing has failed."),
    });
    let output = run(
        &[
            "call",
            "alibaba",
            "ecs",
            "DescribeInstances",
            "--endpoint",
            &url,
            "--RegionId",
            "cn-hangzhou",
            "--max-attempts",
            "1",
            "--pager",
        ],
        ALIBABA_ENV,
    )
    .await;
    assert_eq!(output.status.code(), Some(3), "{}", stderr(&output));
    assert_eq!(stdout(&output), "");
    assert!(stderr(&output).contains("code: InternalError"), "{}", stderr(&output));

    // An operation that does not page: a usage error, nothing sent.
    let before = mock.total();
    let output = run(
        &[
            "call",
            "tencent",
            "tat",
            "CancelInvocation",
            "--endpoint",
            &url,
            "--region",
            "ap-guangzhou",
            "--InvocationId",
            "inv-1",
            "--pager",
        ],
        TENCENT_ENV,
    )
    .await;
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("CancelInvocation does not page"),
        "{}",
        stderr(&output)
    );
    assert_eq!(mock.total(), before);

    // The operation's help says how it pages.
    let output = run(
        &["call", "alibaba", "ecs", "DescribeInstances", "--help"],
        &[],
    )
    .await;
    assert!(
        stdout(&output).contains(
            "Paging: by `NextToken` and `MaxResults`; a page's items are `Instances.Instance`"
        ),
        "{}",
        stdout(&output)
    );
}
