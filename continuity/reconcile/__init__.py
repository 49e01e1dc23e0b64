"""IT's reconciliation workstation: a workspace of its own built from every laptop's bundles."""
