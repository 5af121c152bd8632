"""Forge adapters (GitHub, GitLab, Gitea): see base.Forge for the interface."""
