"""Roles and masking: the one place every output path goes through before a value leaves pandian."""
from pandian.security.masking import mask_value
from pandian.security.roles import ROLES, can_see, masked_levels

__all__ = ["ROLES", "can_see", "mask_value", "masked_levels"]
