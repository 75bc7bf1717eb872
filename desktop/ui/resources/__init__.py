"""The resource board: people × weeks across projects (see desktop.domain.plan)."""
