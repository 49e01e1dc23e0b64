"""French messages for filling the rota with the solver. Keys are the English source strings."""

CATALOGUE: dict[str, str] = {
}
