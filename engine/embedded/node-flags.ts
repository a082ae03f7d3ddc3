/**
 * Node.js flags for a process that runs the embedded engine's steps (the worker process).
 * bpmn-engine allocates a great many short-lived objects per step (a message per event on
 * its in-memory broker); a larger young generation roughly halved the time spent in
 * scavenges and cut the cost of recovering an instance by about a quarter (measured with
 * the engine benchmark on this project's reference model).
 */
export const ENGINE_NODE_FLAGS = ['--max-semi-space-size=32'];
