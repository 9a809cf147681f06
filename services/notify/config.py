from shared.config import ServiceSettings


class NotifySettings(ServiceSettings):
    http_port: int = 8005
