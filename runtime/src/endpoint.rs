//! Which URL a client sends to.
//!
//! Order: the configured endpoint; the Finance domain when the region is a Finance region;
//! Tencent's international domain when asked for; Alibaba's regional domain when the service
//! has one and a region is set; else the default domain. Tencent regions otherwise do not
//! change the domain: like tencentcloud-sdk-python, the plain `<service>.tencentcloudapi.com`
//! is used and the region travels in `X-TC-Region`.

use crate::config::Config;
use crate::service::{Cloud, ServiceInfo};

/// A resolved endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    /// `https` unless an `http://` endpoint was configured.
    pub scheme: String,
    /// The `Host` header: host name, plus `:port` when the URL names a port.
    pub host: String,
    /// Request path, `/` unless the configured endpoint has another.
    pub path: String,
}

impl Endpoint {
    /// `scheme://host/path` without a query.
    pub fn url(&self) -> String {
        format!("{}://{}{}", self.scheme, self.host, self.path)
    }
}

/// Resolves the endpoint of `service` under `config`.
pub fn resolve(service: &ServiceInfo, config: &Config) -> Endpoint {
    if let Some(url) = &config.endpoint {
        let host = url.host_str().unwrap_or_default();
        return Endpoint {
            scheme: url.scheme().to_owned(),
            host: match url.port() {
                Some(port) => format!("{host}:{port}"),
                None => host.to_owned(),
            },
            path: url.path().to_owned(),
        };
    }
    let endpoints = &service.endpoints;
    let region = config.region.as_deref();
    let with_region = |pattern: &str, region: &str| pattern.replace("{region}", region);
    let host = match region {
        Some(region)
            if endpoints.finance_regions.contains(&region) && endpoints.finance.is_some() =>
        {
            with_region(endpoints.finance.unwrap_or_default(), region)
        }
        _ => match (service.cloud, endpoints.intl, endpoints.regional, region) {
            (Cloud::Tencent, Some(intl), _, _) if config.intl => intl.to_owned(),
            (Cloud::Alibaba, _, Some(pattern), Some(region)) => with_region(pattern, region),
            _ => endpoints.default.to_owned(),
        },
    };
    Endpoint {
        scheme: "https".to_owned(),
        host,
        path: "/".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::service::{Endpoints, Envelope, Signing};

    const DTS: ServiceInfo = ServiceInfo {
        cloud: Cloud::Tencent,
        name: "dts",
        version: "2018-03-30",
        endpoints: Endpoints {
            default: "dts.tencentcloudapi.com",
            intl: Some("dts.intl.tencentcloudapi.com"),
            regional: Some("dts.{region}.tencentcloudapi.com"),
            finance: Some("dts.{region}.tencentcloudapi.com"),
            finance_regions: &["ap-shanghai-fsi", "ap-shenzhen-fsi"],
        },
        signing: Signing::Tc3HmacSha256,
        envelope: Envelope::TencentResponse,
    };

    const ECS: ServiceInfo = ServiceInfo {
        cloud: Cloud::Alibaba,
        name: "ecs",
        version: "2014-05-26",
        endpoints: Endpoints {
            default: "ecs.aliyuncs.com",
            intl: None,
            regional: Some("ecs.{region}.aliyuncs.com"),
            finance: None,
            finance_regions: &[],
        },
        signing: Signing::Acs3HmacSha256,
        envelope: Envelope::AlibabaRpc,
    };

    fn host(service: &ServiceInfo, config: Config) -> String {
        resolve(service, &config).host
    }

    #[test]
    fn tencent_rules() {
        let region = |r: &str| Config::builder().region(r);
        assert_eq!(host(&DTS, Config::default()), "dts.tencentcloudapi.com");
        assert_eq!(
            host(&DTS, region("ap-guangzhou").build().unwrap()),
            "dts.tencentcloudapi.com"
        );
        assert_eq!(
            host(&DTS, region("ap-shanghai-fsi").build().unwrap()),
            "dts.ap-shanghai-fsi.tencentcloudapi.com"
        );
        assert_eq!(
            host(&DTS, region("ap-singapore").intl(true).build().unwrap()),
            "dts.intl.tencentcloudapi.com"
        );
        // Finance wins over intl; the override wins over everything.
        assert_eq!(
            host(&DTS, region("ap-shenzhen-fsi").intl(true).build().unwrap()),
            "dts.ap-shenzhen-fsi.tencentcloudapi.com"
        );
        let overridden = resolve(
            &DTS,
            &region("ap-shanghai-fsi")
                .endpoint("http://127.0.0.1:9000")
                .build()
                .unwrap(),
        );
        assert_eq!(overridden.url(), "http://127.0.0.1:9000/");
        assert_eq!(overridden.host, "127.0.0.1:9000");
        let default_port = resolve(
            &DTS,
            &Config::builder()
                .endpoint("https://proxy.example/api")
                .build()
                .unwrap(),
        );
        assert_eq!(
            (default_port.host.as_str(), default_port.path.as_str()),
            ("proxy.example", "/api")
        );
    }

    #[test]
    fn alibaba_rules() {
        assert_eq!(host(&ECS, Config::default()), "ecs.aliyuncs.com");
        assert_eq!(
            host(
                &ECS,
                Config::builder().region("cn-shanghai").build().unwrap()
            ),
            "ecs.cn-shanghai.aliyuncs.com"
        );
        let mut central = ECS;
        central.endpoints.regional = None;
        assert_eq!(
            host(
                &central,
                Config::builder().region("cn-shanghai").build().unwrap()
            ),
            "ecs.aliyuncs.com"
        );
    }
}
