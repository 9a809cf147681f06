// Run once by compose's mongo-init (as root): the replica set, then one user per service
// with readWrite on its own database and nothing else (ARCHITECTURE "Infrastructure").
try {
  rs.status();
} catch (e) {
  rs.initiate({_id: "rs0", members: [
    {_id: 0, host: "mongo-1:27017"}, {_id: 1, host: "mongo-2:27017"}, {_id: 2, host: "mongo-3:27017"}]});
}
while (!db.hello().isWritablePrimary) { sleep(500); }
for (const service of ["ingest", "moderation", "registry", "archive", "notify", "dashboard"]) {
  const name = "kanalvakt_" + service;
  const own = db.getSiblingDB(name);
  const password = process.env["MONGO_PASSWORD_" + service.toUpperCase()];
  if (!password) { throw new Error("MONGO_PASSWORD_" + service.toUpperCase() + " is not set: run deploy/production/setup.py"); }
  if (own.getUser(service) === null) {
    own.createUser({user: service, pwd: password, roles: [{role: "readWrite", db: name}]});
  }
}
