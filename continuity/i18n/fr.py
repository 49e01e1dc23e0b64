CATALOGUE: dict[str, str] = {}
