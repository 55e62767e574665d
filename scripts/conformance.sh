#!/usr/bin/env bash
# Conformance with the official SDKs, end to end: runs the `cloudpage` CLI against
# shared/peer/mock_cloud.py, which verifies every signature with the official SDKs' own signing
# code (tencentcloud-sdk-python's Sign.sign_tc3, alibabacloud-tea-openapi's ACS3 helpers).
#
# For each seed operation (tencent dts DeleteMigrateJob, tencent batch TerminateJob, tencent tat
# CancelInvocation, alibaba smc DeleteSourceServer) it checks that
#   * a call with the mock's credentials is accepted (exit 0, the response JSON on stdout), and
#   * a call with a wrong secret is rejected with the cloud's real code (exit 3;
#     AuthFailure.SignatureFailure for Tencent, SignatureDoesNotMatch for Alibaba).
#
# Usage: scripts/conformance.sh
#   PEER_PYTHON=/path/to/venv/bin/python  use a Python that already has the SDKs (else a venv is
#                                         created in a temp dir and the pinned SDKs installed)
#   CARGO_TARGET_DIR                      honoured when building the CLI
# The mock comes from ../shared/peer relative to the repository; without it the script skips.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PEER="$(cd "$REPO/.." && pwd)/shared/peer"
if [[ ! -f "$PEER/mock_cloud.py" ]]; then
    echo "SKIP: $PEER/mock_cloud.py not found (the official-SDK mock lives in ../shared/peer" \
         "next to the repository); nothing checked."
    exit 0
fi

# Pinned as in shared/peer/README.md (the versions the vectors were recorded with).
SDKS=(
    tencentcloud-sdk-python-common==3.1.195 tencentcloud-sdk-python-tat==3.1.106
    tencentcloud-sdk-python-dts==3.1.193 tencentcloud-sdk-python-batch==3.1.171
    alibabacloud-tea-openapi==0.4.6 alibabacloud-smc20190601==1.1.2
)

WORK="$(mktemp -d "${TMPDIR:-/tmp}/cloudpage-conformance.XXXXXX")"
MOCK_PID=""
cleanup() {
    if [[ -n "$MOCK_PID" ]] && kill -0 "$MOCK_PID" 2>/dev/null; then
        kill "$MOCK_PID" 2>/dev/null || true
        wait "$MOCK_PID" 2>/dev/null || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT

if [[ -n "${PEER_PYTHON:-}" ]]; then
    PY="$PEER_PYTHON"
    echo "== using $PY"
else
    echo "== creating a venv in $WORK/venv and installing: ${SDKS[*]}"
    python3 -m venv "$WORK/venv"
    "$WORK/venv/bin/python" -m pip install --quiet --disable-pip-version-check "${SDKS[@]}"
    PY="$WORK/venv/bin/python"
fi
"$PY" -c 'import tencentcloud.common.sign, alibabacloud_tea_openapi.utils' \
    || { echo "FAIL: $PY lacks the official SDKs"; exit 1; }

echo "== building the CLI"
(cd "$REPO" && cargo build --quiet -p cloudpage-clients --bin cloudpage)
CLI="${CARGO_TARGET_DIR:-$REPO/target}/debug/cloudpage"
[[ -x "$CLI" ]] || { echo "FAIL: $CLI was not built"; exit 1; }

# Real-server strictness on top of the mock's defaults: clock skew and nonce reuse checked.
cat >"$WORK/mock.json" <<'EOF'
{"tencent": {"max_skew_s": 300}, "alibaba": {"max_skew_s": 900, "reject_reused_nonce": true}}
EOF
echo "== starting $PEER/mock_cloud.py"
(cd "$PEER" && exec "$PY" mock_cloud.py --port 0 --config "$WORK/mock.json" --max-seconds 300) \
    >"$WORK/mock.out" 2>"$WORK/mock.err" &
MOCK_PID=$!
PORT=""
for _ in $(seq 1 100); do
    PORT="$(sed -n 's/^MOCK_CLOUD_PORT=//p' "$WORK/mock.out" 2>/dev/null || true)"
    [[ -n "$PORT" ]] && break
    kill -0 "$MOCK_PID" 2>/dev/null || break
    sleep 0.1
done
if [[ -z "$PORT" ]]; then
    echo "FAIL: the mock did not start"; cat "$WORK/mock.err"; exit 1
fi
URL="http://127.0.0.1:$PORT"
echo "MOCK_CLOUD_PORT=$PORT"

# The credentials mock_cloud.py accepts by default (its README; the recorded vectors' keys).
TC_ID=AKIDEXAMPLEEXAMPLEEXAMPLEEXAMPLE0001
TC_KEY=TCEXAMPLESECRETKEYEXAMPLEKEY0001
ALI_ID=LTAIEXAMPLEACCESSKEY01
ALI_KEY=ALIEXAMPLESECRETEXAMPLESECRET01

FAILURES=0
# run <expected exit> <expected text> <id> <secret> cloud service action region params
run() {
    local want_rc="$1" want_text="$2" id="$3" secret="$4" cloud="$5" service="$6" action="$7"
    local region="$8" params="$9" rc=0
    local -a env=(env -i "HOME=$WORK" "PATH=$PATH")
    if [[ "$cloud" == tencent ]]; then
        env+=("TENCENTCLOUD_SECRET_ID=$id" "TENCENTCLOUD_SECRET_KEY=$secret")
    else
        env+=("ALIBABA_CLOUD_ACCESS_KEY_ID=$id" "ALIBABA_CLOUD_ACCESS_KEY_SECRET=$secret")
    fi
    echo "\$ cloudpage call $cloud $service $action --region $region --endpoint $URL --params '$params'" \
         "  # secret: $([[ "$secret" == wrong* ]] && echo wrong || echo correct)"
    "${env[@]}" "$CLI" call "$cloud" "$service" "$action" --region "$region" --endpoint "$URL" \
        --params "$params" --compact >"$WORK/out" 2>"$WORK/err" || rc=$?
    sed 's/^/  stdout: /' "$WORK/out"
    sed 's/^/  stderr: /' "$WORK/err"
    if [[ "$rc" == "$want_rc" ]] && grep -qF -- "$want_text" "$WORK/out" "$WORK/err"; then
        echo "  PASS (exit $rc)"
    else
        echo "  FAIL: exit $rc, wanted exit $want_rc with \"$want_text\""
        FAILURES=$((FAILURES + 1))
    fi
}

# Parameters with characters that stress canonicalisation (non-ASCII, space, + & = * ~ /).
ODD='测试 a+b&c=d*~/e'
CASES=(
    "tencent|dts|DeleteMigrateJob|ap-guangzhou|{\"JobId\": \"dts-$ODD\"}"
    "tencent|batch|TerminateJob|ap-guangzhou|{\"JobId\": \"job-$ODD\"}"
    "tencent|tat|CancelInvocation|ap-guangzhou|{\"InvocationId\": \"inv-$ODD\", \"InstanceIds\": [\"ins-1\", \"ins 2\"]}"
    "alibaba|smc|DeleteSourceServer|cn-hangzhou|{\"SourceId\": \"s-$ODD\", \"Force\": true}"
)
for case in "${CASES[@]}"; do
    IFS='|' read -r cloud service action region params <<<"$case"
    echo
    echo "== $cloud $service $action"
    if [[ "$cloud" == tencent ]]; then
        run 0 '"RequestId"' "$TC_ID" "$TC_KEY" "$cloud" "$service" "$action" "$region" "$params"
        run 3 "code: AuthFailure.SignatureFailure" "$TC_ID" "wrong-$TC_KEY" \
            "$cloud" "$service" "$action" "$region" "$params"
    else
        run 0 '"RequestId"' "$ALI_ID" "$ALI_KEY" "$cloud" "$service" "$action" "$region" "$params"
        run 3 "code: SignatureDoesNotMatch" "$ALI_ID" "wrong-$ALI_KEY" \
            "$cloud" "$service" "$action" "$region" "$params"
    fi
done

echo
echo "== mock statistics (GET /__mock/stats)"
"$PY" - "$URL" <<'EOF'
import json, sys, urllib.request
stats = json.load(urllib.request.urlopen(sys.argv[1] + "/__mock/stats", timeout=5))
print("totals:", json.dumps(stats["totals"], sort_keys=True))
print("rejections:", json.dumps(stats["rejections"], sort_keys=True))
EOF

echo
if [[ "$FAILURES" -eq 0 ]]; then
    echo "conformance: all ${#CASES[@]} operations accepted by the official SDKs' verifier; wrong secrets rejected"
else
    echo "conformance: $FAILURES check(s) failed"
    exit 1
fi
