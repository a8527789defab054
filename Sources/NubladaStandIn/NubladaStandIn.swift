// Module NubladaStandIn: stand-in Artifact Registry and Kubernetes API.
