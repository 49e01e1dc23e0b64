"""French messages for printed documents (the rota PDF). Keys are the English source strings."""

CATALOGUE: dict[str, str] = {
}
