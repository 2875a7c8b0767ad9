-- Districts of the content pack, kept in the database so that reports can reference them.
create table districts (
  code text primary key,
  name text not null
);
