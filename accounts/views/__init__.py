"""Account views, split by subject: login and passwords, registration, binding and commitment, agents."""
