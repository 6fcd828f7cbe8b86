// The bundles alias `typescript` to this: only Pulumi's function serialization (which prenv never
// uses) needs the compiler, and leaving it out keeps about 10 MB out of dist/.
module.exports = {};
