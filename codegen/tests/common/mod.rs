//! What several of the generator's tests build on: a Tencent service `demo` with no
//! operations yet (its `common.yaml` and `service.yaml`).

use cloudpage_codegen::source::SourceFile;

/// The cloud's and the service's files; a test adds `tencent/demo/<Operation>.yaml`s.
pub fn demo_service() -> Vec<SourceFile> {
    vec![
        SourceFile::new(
            "tencent/common.yaml",
            "cloud: tencent\ntitle: Tencent Cloud\nsigning: TC3-HMAC-SHA256\nenvelope: tencent_response\n",
        ),
        SourceFile::new(
            "tencent/demo/service.yaml",
            "service: demo\ntitle: Demo\nversion: \"2020-01-01\"\nendpoints:\n  default: demo.tencentcloudapi.com\n",
        ),
    ]
}
