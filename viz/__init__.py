"""Partner maps, ecograms and charts."""
