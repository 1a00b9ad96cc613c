"""The integrator's own tests: `python3 -m unittest discover -s tests/integrator -t .`"""
