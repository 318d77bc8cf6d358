// The reduced model of bench/README.md written as AgentScript users write models (compare AgentScript's
// models/VirusModel.js): a Model subclass whose turtles are the citizens, with properties set in setup(), and a
// step() (one tick = one day) that asks every turtle to decide its acts. Deliberately not optimised.
import Model from "agentscript/src/Model.js";
import * as util from "agentscript/src/utils.js";

// A Poisson draw by Knuth's multiplication method, as found in textbooks and blog posts.
function poisson(mean) {
  const limit = Math.exp(-mean);
  let k = 0;
  let product = util.randomFloat(1);
  while (product > limit) {
    k++;
    product *= util.randomFloat(1);
  }
  return k;
}

// Gamma with integer shape k and mean 1: the sum of k exponentials, divided by k.
function gammaMeanOne(shape) {
  let sum = 0;
  for (let i = 0; i < shape; i++) sum -= Math.log(1 - util.randomFloat(1));
  return sum / shape;
}

export default class ReducedModel extends Model {
  population = 1000;
  shape = 2;
  // Rates are per citizen per year.
  behaviours = [
    { rate: 12, points: -5 },
    { rate: 18, points: -2 },
    { rate: 0.05, points: -50 },
  ];
  detection = 0.3;
  misattribution = 0.002;
  initialScore = 650;
  minScore = 350;
  maxScore = 950;
  listBelow = 550;
  ticketRate = 3;

  setup() {
    this.acts = 0;
    this.records = 0;
    this.misattributions = 0;
    this.requests = 0;
    this.denied = 0;
    this.turtles.create(this.population, (t) => {
      t.propensities = this.behaviours.map(() => gammaMeanOne(this.shape));
      t.trueScore = this.initialScore;
      t.recordedScore = this.initialScore;
      t.listed = false;
      t.trulyListed = false;
    });
  }

  step() {
    const todaysRecords = [];
    this.turtles.ask((t) => {
      this.behaviours.forEach((behaviour, b) => {
        const acts = poisson((behaviour.rate / 365) * t.propensities[b]);
        for (let a = 0; a < acts; a++) {
          this.acts++;
          t.trueScore = util.clamp(t.trueScore + behaviour.points, this.minScore, this.maxScore);
          if (t.trueScore < this.listBelow) t.trulyListed = true;
          if (util.randomFloat(1) < this.detection) {
            let target = t;
            if (util.randomFloat(1) < this.misattribution) {
              target = this.turtles.otherOneOf(t);
              this.misattributions++;
            }
            todaysRecords.push({ target, points: behaviour.points });
          }
        }
      });
      const requests = poisson(this.ticketRate / 365);
      for (let r = 0; r < requests; r++) {
        this.requests++;
        if (t.listed) this.denied++;
      }
    });
    // The records reach the scores at the end of the day.
    for (const record of todaysRecords) {
      const t = record.target;
      this.records++;
      t.recordedScore = util.clamp(t.recordedScore + record.points, this.minScore, this.maxScore);
      if (t.recordedScore < this.listBelow) t.listed = true;
    }
  }

  outputs() {
    return {
      acts: this.acts,
      records: this.records,
      misattributions: this.misattributions,
      listed: this.turtles.with((t) => t.listed).length,
      trulyListed: this.turtles.with((t) => t.trulyListed).length,
      requests: this.requests,
      denied: this.denied,
    };
  }
}
