"""The dashboard: server-rendered pages over the stored traffic, per the logged-in party's scope.

``create_dashboard(engine)`` returns a FastAPI sub-app; ``ijw serve`` mounts it at ``/dashboard``.
"""

from ijw.pseudonym import Pseudonymiser
from services.dashboard.app import counter_totals, create_dashboard
from services.dashboard.web import DashboardPage, NavItem

__all__ = ["DashboardPage", "NavItem", "Pseudonymiser", "counter_totals", "create_dashboard"]
