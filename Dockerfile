# Build: the whole workspace, then a pruned production install of the api's own dependencies.
FROM node:20-bookworm-slim AS build
WORKDIR /workspace
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
ENV NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false NG_CLI_ANALYTICS=false
RUN npx nx run-many -t build --projects=api,web

FROM node:20-bookworm-slim
ENV NODE_ENV=production PORT=3000
WORKDIR /app
COPY --from=build /workspace/dist/apps/api ./api
COPY --from=build /workspace/dist/apps/web ./web
# The api build writes a package.json with the exact versions it uses at run time.
RUN cd api && npm install --omit=dev --no-package-lock --no-audit --no-fund && npm cache clean --force
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=3s CMD node -e "fetch('http://127.0.0.1:'+process.env.PORT+'/api/health').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
CMD ["node", "--max-old-space-size=192", "api/main.js"]
