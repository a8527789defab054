// Module NubladaClients: HTTP on libcurl, registry, Kubernetes, credentials and configuration.
