"""Sanctions enforced on other apps' actions through ``commons.core.restrictions``."""
