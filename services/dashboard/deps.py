"""What the dashboard's pages, subscribers and use cases are given (built in main.py)."""

from __future__ import annotations

from dataclasses import dataclass, field

from .adapters.gateway import Gateway
from .adapters.live import LiveHub
from .adapters.oidc import OidcClient
from .adapters.report_store import ReportStore
from .adapters.store import DashboardStore
from .app.auth import Sessions
from .config import DashboardSettings
from .domain.throttle import AuditBudget, LoginThrottle


@dataclass(frozen=True)
class Deps:
    settings: DashboardSettings
    store: DashboardStore       # staff accounts, sessions, the audit log
    reports: ReportStore        # the reports' projection, fed from JetStream (router.py)
    gateway: Gateway            # queries and commands to the other services
    sessions: Sessions
    throttle: LoginThrottle
    hub: LiveHub                # notify's events fanned out to the browsers
    oidc: OidcClient
    audit_budget: AuditBudget = field(default_factory=AuditBudget)  # refusals the audit log takes per minute
