"""The EriX integrator: builds, pins, images, boots and judges the federation.

The command line lives in integrator.cli; each other module owns one concern
(see docs/federation.md for the contract with the components).
"""
