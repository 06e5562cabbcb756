"""Pictures of the network: partner maps (three rings) and ecograms, as vis-network data and pyvis pages."""
