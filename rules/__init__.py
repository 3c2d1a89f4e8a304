"""The rulebook: data only. Installed as the package ``fundcheck_rules`` so an installed
fundcheck finds its rules from any folder; checker.rulebook reads the YAML files here."""
