process.stdout.write("cluster: not yet\n");
