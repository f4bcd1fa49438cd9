"""The answer audit: every retour message (JW302 … JW320), every JW325 and every JW319 in the traffic compared
with what the standard prescribes given the state before the heenbericht, and the required answers that are
missing or late. Its findings carry the product's own codes (``AUDIT-…``, :data:`AUDIT_CHECKS`) and are kept
apart from the findings on the sender's messages; ``docs/audit.md`` describes it.
"""

from services.quality.audit.codes import AUDIT_CHECKS, AuditCheck

__all__ = ["AUDIT_CHECKS", "AuditCheck"]
