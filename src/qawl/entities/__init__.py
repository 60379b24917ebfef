"""Speakers across articles: name keys, canonical identities, Latin display names."""

from __future__ import annotations

from qawl.entities.names import name_key, speaker_id_for
from qawl.entities.resolve import SpeakerResolver, group_of

__all__ = ["SpeakerResolver", "group_of", "name_key", "speaker_id_for"]
