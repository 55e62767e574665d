//! Names that are keywords, collide after case conversion or are not ASCII keep their exact
//! wire names.

use cloudpage_adversarial::alibaba_odd::{Tag, UseThingsRequest};
use cloudpage_adversarial::tencent_weird::{SelfError, SelfRequest};
use cloudpage_runtime::OperationError;

#[test]
fn keyword_and_colliding_fields_keep_their_wire_names() {
    let mut request = SelfRequest::new("t");
    request.r#match = Some(1);
    request.self_ = Some(true);
    request.self_2 = Some("s".into());
    request.instance_id = Some("a".into());
    request.instance_id_2 = Some("b".into());
    request.instance_id_3 = Some("c".into());
    request.vpc_id = Some("v".into());
    request._3_des = Some("d".into());
    request.field = Some("名称值".into());
    // Member order is field order, as on the wire.
    assert_eq!(
        cloudpage_runtime::json::to_json_string(&request),
        r#"{"type":"t","match":1,"self":true,"Self":"s","InstanceId":"a","InstanceID":"b","instance_id":"c","VPCId":"v","3DES":"d","名称":"名称值"}"#
    );
    let json = cloudpage_runtime::to_json_value(&request).unwrap();
    let expected = serde_json::json!({
        "type": "t", "match": 1, "self": true, "Self": "s", "InstanceId": "a", "InstanceID": "b",
        "instance_id": "c", "VPCId": "v", "3DES": "d", "名称": "名称值"
    });
    assert_eq!(json, expected);
    let back: SelfRequest = cloudpage_runtime::from_json_value(&expected).unwrap();
    assert_eq!(back, request);
}

#[test]
fn non_ascii_length_rule_counts_characters() {
    let mut request = SelfRequest::new("t");
    request.field = Some("名".into());
    let err = request.validate().unwrap_err();
    assert_eq!(err.to_string(), "`名称` is 1 characters long, at least 2 are required (documented: \"长度为2到128个字符\")");
    request.field = Some("名称".into());
    assert_eq!(request.validate(), Ok(()));
}

#[test]
fn colliding_codes_get_distinct_variants() {
    assert_eq!(SelfError::from_wire("InvalidParameter.Foo", ""), SelfError::InvalidParameterFoo);
    assert_eq!(SelfError::from_wire("InvalidParameterFoo", ""), SelfError::InvalidParameterFoo2);
    assert_eq!(SelfError::from_wire("Unknown", "").code(), "Unknown");
    assert_eq!(SelfError::from_wire("Unknown", ""), SelfError::Unknown2);
    assert_eq!(SelfError::from_wire("Self", ""), SelfError::Self_);
    assert_eq!(SelfError::from_wire("3rdParty.Error", "").code(), "3rdParty.Error");
    assert_eq!(SelfError::from_wire("InvalidParameter.Foo", "").to_string(), "dotted */ \"#");
}

#[test]
fn nested_models_validate_with_a_path_and_are_shared_across_operations() {
    let mut request = cloudpage_adversarial::tencent_weird::SelfRequest::new("t");
    request.clients = Some(vec![cloudpage_adversarial::tencent_weird::Client2::default()]);
    assert_eq!(request.validate().unwrap_err().to_string(), "`Clients.gen` is required but not set");
    let use_things = UseThingsRequest { tag: Some(vec![Tag::default().with_key("k")]) };
    assert_eq!(use_things.validate(), Ok(()));
}
