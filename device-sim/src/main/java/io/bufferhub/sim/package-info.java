/** Simulated PBXs and device fleets for demos, tests and benchmarks. */
package io.bufferhub.sim;
