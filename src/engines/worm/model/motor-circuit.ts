/**
 * What the engine needs from a nervous system, whichever builds it (the 12-unit ventral cord of
 * {@link ./ventral-cord.ts} or a whole connectome from {@link ./connectome-circuit.ts}): a graded network plus the
 * places where the body, the command and the muscles touch it.
 */
import type { MotorClass } from './anatomy.js';
import type { NetworkSpec } from './network.js';

/**
 * Which command state gates an input: the mean output of the forward (AVB, PVC) or backward (AVA, AVD) command
 * interneurons multiplies it; `none` leaves it ungated.
 */
export type CommandGate = 'forward' | 'backward' | 'none';

/**
 * Stretch-receptor input to one unit: gate × weight × Σ stretch_side(j) over the segments j of its receptive field
 * [firstSegment, endSegment) — a contiguous stretch of body, as the motor neurons' undendritic processes are
 * (White et al. 1986; BBC 2012).
 */
export interface ProprioceptiveInput {
  unit: number;
  side: 'dorsal' | 'ventral';
  firstSegment: number;
  endSegment: number;
  weight: number;
  gate: CommandGate;
}

/** A neuromuscular junction: muscle (index into BODY_WALL_MUSCLES) receives weight × output of unit. */
export interface NeuromuscularJunction {
  muscle: number;
  unit: number;
  weight: number;
}

/** The command interneurons of each kind (unit indices; L/R members in connectome mode). */
export interface CommandNeurons {
  AVA: number[];
  AVD: number[];
  AVB: number[];
  PVC: number[];
}

/** A motor circuit ready for {@link WormEngine}. */
export interface MotorCircuit {
  /** What built it, for reports ("ventral cord, 12 units" or the connectome file). */
  description: string;
  network: NetworkSpec;
  proprioception: ProprioceptiveInput[];
  /** External command inputs: unit receives forward·drive_f + backward·drive_b. */
  command: Array<{ unit: number; forward: number; backward: number }>;
  /** Head-bias (turn) inputs: unit receives gate·weight·bias (positive bias bends the head ventrally: a left turn). */
  turn: Array<{ unit: number; weight: number; gate: CommandGate }>;
  /** Tonic inputs that act only while their direction is commanded: unit receives gate·value. */
  gatedBias: Array<{ unit: number; value: number; gate: CommandGate }>;
  nmj: NeuromuscularJunction[];
  /** Ventral-cord motor neurons with their class and position along the body (0 head … 1 tail). */
  motorNeurons: Array<{ unit: number; cls: MotorClass; position: number }>;
  commandNeurons: CommandNeurons;
  /** Initial potentials (defaults to 0 for units not listed). */
  initialPotential: Array<{ unit: number; value: number }>;
}
