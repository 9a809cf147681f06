from pydantic import Field

from shared.config import ServiceSettings


class DashboardSettings(ServiceSettings):
    http_port: int = 8000
    municipality: str = Field("knivsta", description="Municipality shown (until login scopes it).")
