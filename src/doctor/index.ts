/**
 * Public surface of src/doctor: `obra-validate doctor` probes what the machine offers (Node, claude,
 * python3, a container runtime, Ollama) and says what each missing piece blocks.
 */
export { assessDoctor, type DoctorAssessment, type DoctorItem, needsOf } from './assess.js';
export { type DoctorHeader, formatDoctor } from './format.js';
export { satisfiesEngines } from './node-version.js';
export { ollamaUrl, type Probe, type ProbeId } from './probes.js';
export { type DoctorResult, runDoctor } from './run-doctor.js';
