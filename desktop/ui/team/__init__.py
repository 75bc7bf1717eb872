"""Team screens (issue 12): create and browse channels, add people, members panel,
profile cards, workspace settings. `install(app)` wires them into a BeaconApp."""
