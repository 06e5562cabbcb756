"""The faces of wijkgraph: the CLI, the FastAPI app with its pages, and authentication."""
