//! Endpoints of the generated services, from their generated `SERVICE` consts: Finance
//! regions, the international site, Alibaba's central domain, and the override.

use cloudpage_clients::{SERVICES, alibaba_smc, tencent_batch, tencent_dts, tencent_tat};
use cloudpage_runtime::endpoint::resolve;
use cloudpage_runtime::{Cloud, Config, ConfigBuilder, Credentials};

fn host(service: &cloudpage_runtime::ServiceInfo, builder: ConfigBuilder) -> String {
    resolve(service, &builder.build().unwrap()).host
}

#[test]
fn dts_finance_regions_use_the_finance_domain() {
    let dts = &tencent_dts::SERVICE;
    assert_eq!(
        dts.endpoints.finance,
        Some("dts.{region}.tencentcloudapi.com")
    );
    assert!(dts.endpoints.finance_regions.contains(&"ap-shanghai-fsi"));
    assert_eq!(
        host(dts, Config::builder().region("ap-shanghai-fsi")),
        "dts.ap-shanghai-fsi.tencentcloudapi.com"
    );
    assert_eq!(
        host(dts, Config::builder().region("ap-shenzhen-fsi").intl(true)),
        "dts.ap-shenzhen-fsi.tencentcloudapi.com",
        "Finance wins over the international site"
    );
    // Other regions keep the default domain; the region travels in X-TC-Region.
    assert_eq!(
        host(dts, Config::builder().region("ap-guangzhou")),
        "dts.tencentcloudapi.com"
    );
}

#[test]
fn tat_intl_flag_uses_the_international_domain() {
    let tat = &tencent_tat::SERVICE;
    assert_eq!(
        host(tat, Config::builder().region("ap-singapore").intl(true)),
        "tat.intl.tencentcloudapi.com"
    );
    assert_eq!(host(tat, Config::builder()), "tat.tencentcloudapi.com");
    assert_eq!(
        host(&tencent_batch::SERVICE, Config::builder().intl(true)),
        "batch.intl.tencentcloudapi.com"
    );
}

#[test]
fn smc_uses_its_central_domain() {
    let smc = &alibaba_smc::SERVICE;
    assert_eq!(smc.endpoints.regional, None);
    assert_eq!(host(smc, Config::builder()), "smc.aliyuncs.com");
    assert_eq!(
        host(smc, Config::builder().region("cn-hangzhou")),
        "smc.aliyuncs.com"
    );
    let endpoint = resolve(smc, &Config::default());
    assert_eq!(endpoint.url(), "https://smc.aliyuncs.com/");
}

#[test]
fn generated_clients_report_the_resolved_endpoint() {
    let credentials = Credentials::new("AKIDexample", "secret");
    let dts = tencent_dts::Client::new(
        Config::builder()
            .region("ap-shanghai-fsi")
            .credentials(credentials.clone())
            .build()
            .unwrap(),
    )
    .unwrap();
    assert_eq!(
        dts.runtime().endpoint().url(),
        "https://dts.ap-shanghai-fsi.tencentcloudapi.com/"
    );
    let tat = tencent_tat::Client::new(
        Config::builder()
            .intl(true)
            .endpoint("http://127.0.0.1:9/")
            .credentials(credentials)
            .build()
            .unwrap(),
    )
    .unwrap();
    assert_eq!(
        tat.runtime().endpoint().url(),
        "http://127.0.0.1:9/",
        "the override wins"
    );
}

#[test]
fn every_generated_service_resolves_to_its_default_domain() {
    for (service, operations) in SERVICES {
        let endpoint = resolve(service, &Config::default());
        assert_eq!(endpoint.host, service.endpoints.default, "{}", service.name);
        let suffix = match service.cloud {
            Cloud::Tencent => ".tencentcloudapi.com",
            Cloud::Alibaba => ".aliyuncs.com",
        };
        assert!(endpoint.host.starts_with(service.name) && endpoint.host.ends_with(suffix));
        assert!(!operations.is_empty());
        for op in *operations {
            assert!(std::ptr::eq(op.service, *service) || op.service == *service);
        }
    }
}
