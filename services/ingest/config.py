from pydantic import Field, SecretStr

from shared.config import ServiceSettings


class IngestSettings(ServiceSettings):
    http_port: int = 8001
    meta_app_secret: SecretStr = Field(SecretStr("dev-meta-app-secret"), description="Meta app secret (signs webhooks).")
    meta_verify_token: SecretStr = Field(SecretStr("dev-meta-verify-token"), description="Token Meta echoes when subscribing.")
    max_body_bytes: int = Field(1024 * 1024, description="Largest webhook body accepted (413 above).")
