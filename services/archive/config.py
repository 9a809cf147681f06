from shared.config import ServiceSettings


class ArchiveSettings(ServiceSettings):
    http_port: int = 8004
