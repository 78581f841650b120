"""Settings package: ``base`` holds everything; ``test`` adjusts it for pytest."""
