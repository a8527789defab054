// Module NubladaTUI: the dashboard.
