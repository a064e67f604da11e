"""Synthetic demo data: a fictional Chinese e-commerce shop's raw export files."""

from pandian.demo.generator import generate_demo

__all__ = ["generate_demo"]
