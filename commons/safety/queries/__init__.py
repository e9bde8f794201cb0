"""Reads of the safety app. Reporter identity, private threads and evidence are each reachable
through exactly one query here."""

from .cases import *  # noqa: F403
from .decisions import *  # noqa: F403
from .reports import *  # noqa: F403
