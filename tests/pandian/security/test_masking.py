"""Masks keep the kind of value recognisable and never the value itself."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pandian.security import can_see, mask_value, masked_levels


def test_roles():
    assert masked_levels("viewer") == {"L3", "L4"} and masked_levels("analyst") == {"L4"}
    assert masked_levels("owner") == set() and masked_levels("owner", external_llm=True) == {"L4"}
    assert not can_see("viewer", "L3") and can_see("analyst", "L3") and not can_see("analyst", "L4")


def test_shapes():
    assert mask_value("13812345678", "phone_number", "L3") == "138****5678"
    assert mask_value("zhang.san@example.com", "email", "L3") == "z***@example.com"
    assert mask_value("张三丰", "person_name", "L3") == "张**"
    assert mask_value("浙江省杭州市西湖区文三路88号", "address", "L3").startswith("浙江省杭州市")
    assert "文三路" not in mask_value("浙江省杭州市西湖区文三路88号", "address", "L3")
    assert mask_value("110105194912310029", "national_id", "L4") == "******"
    assert mask_value("6222 0212 3456 7890", "bank_card", "L4").endswith("7890")
    assert mask_value(None, "email", "L3") is None


@settings(max_examples=300)
@given(st.text(min_size=4, max_size=60), st.sampled_from(["phone_number", "email", "person_name", "address",
                                                          "ip_address", "device_id", None]), st.sampled_from(["L3", "L4"]))
def test_never_returns_the_value(v, typ, level):
    out = mask_value(v, typ, level)
    assert out != v or set(v) <= {"*"}
