"""French messages for the rota: rules, services, CLI. Keys are the English source strings."""

CATALOGUE: dict[str, str] = {
}
